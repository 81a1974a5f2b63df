import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import formats from 'ajv-formats'
import { RE2JS } from 're2js'
import type { JsonObject } from '../canonical/chat.js'

/** Why a value broke its schema: where in the value, where in the schema, and what. */
export interface SchemaMismatch {
  /** JSON Pointer into the value ('' for the value itself). */
  path: string
  /** JSON Pointer into the schema, as ajv names it (`#/properties/unit/enum`). */
  schemaPath: string
  message: string
}

/** A compiled schema: undefined when the value conforms. */
export type CompiledSchema = (value: unknown) => SchemaMismatch | undefined

/**
 * The gateway's compiled client schemas (tool parameters, response formats), keyed by their
 * JSON text: compiled once, kept while used, the least recently used dropped past the bounds.
 */
export interface SchemaValidators {
  /** The compiled schema; throws InvalidSchemaError when it is not a JSON Schema the gateway can check. */
  get(schema: JsonObject): CompiledSchema
  readonly size: number
}

export class InvalidSchemaError extends Error {}

export interface SchemaValidatorOptions {
  /** Compiled schemas kept (default 1000). */
  maxEntries?: number
  /** Total JSON text of the kept schemas, in characters (default 16 MiB). */
  maxChars?: number
}

interface Entry {
  compiled: CompiledSchema
  schema: object
}

/**
 * Client patterns are matched with RE2 (linear time): a `pattern` built to backtrack for minutes
 * on a model's output costs microseconds. What RE2 cannot read (lookaround, backreferences) is
 * an invalid schema for the gateway.
 */
function re2Engine(): ConstructorParameters<typeof Ajv>[0] {
  const engine = (pattern: string): { test(s: string): boolean } => {
    const re = RE2JS.compile(pattern)
    return { test: (s) => re.matcher(s).find() }
  }
  return { code: { regExp: Object.assign(engine, { code: 'RE2JS.compile' }) } }
}

export function createSchemaValidators(options: SchemaValidatorOptions = {}): SchemaValidators {
  const maxEntries = options.maxEntries ?? 1000
  const maxChars = options.maxChars ?? 16 * 1024 * 1024
  // addUsedSchema: false: a client's `$id` is not registered, so two schemas with one `$id` never collide.
  const ajv = new Ajv({ strict: false, allErrors: false, addUsedSchema: false, logger: false, ...re2Engine() })
  // ajv-formats is CommonJS: its plugin is also its `default` member, which both loaders see.
  formats.default(ajv)
  const entries = new Map<string, Entry>()
  let chars = 0

  const evict = (): void => {
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && chars <= maxChars) return
      entries.delete(key)
      chars -= key.length
      // ajv keeps every compiled schema object in its own cache: dropped with ours.
      ajv.removeSchema(entry.schema)
    }
  }

  return {
    get(schema) {
      const key = JSON.stringify(schema)
      const hit = entries.get(key)
      if (hit !== undefined) {
        entries.delete(key)
        entries.set(key, hit)
        return hit.compiled
      }
      const own = withoutMetaSchema(schema)
      const entry: Entry = { compiled: compile(ajv, own), schema: own }
      entries.set(key, entry)
      chars += key.length
      evict()
      return entry.compiled
    },
    get size() {
      return entries.size
    },
  }
}

/** `$schema` names a draft the gateway's ajv may not have loaded; the keywords are what it checks. */
function withoutMetaSchema(schema: JsonObject): object {
  if (!('$schema' in schema)) return schema
  const { $schema: _ignored, ...rest } = schema
  return rest
}

function compile(ajv: Ajv, schema: object): CompiledSchema {
  let validate: ValidateFunction
  try {
    validate = ajv.compile(schema)
  } catch (err) {
    const why = err instanceof RangeError ? 'it is nested too deeply' : err instanceof Error ? err.message.slice(0, 300) : String(err)
    throw new InvalidSchemaError(why)
  }
  return (value) => {
    try {
      if (validate(value)) return undefined
    } catch (err) {
      // A recursive `$ref` followed down a value nested past the stack.
      if (err instanceof RangeError) return { path: '', schemaPath: '#', message: 'is nested too deeply to check' }
      throw err
    }
    return mismatch(validate.errors?.[0])
  }
}

function mismatch(error: ErrorObject | undefined): SchemaMismatch {
  if (error === undefined) return { path: '', schemaPath: '#', message: 'does not match the schema' }
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty)
    return { path: `${error.instancePath}/${missing}`, schemaPath: error.schemaPath, message: 'is required' }
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty)
    return { path: `${error.instancePath}/${extra}`, schemaPath: error.schemaPath, message: 'is not allowed (additionalProperties)' }
  }
  if (error.keyword === 'enum') {
    const allowed = JSON.stringify(error.params.allowedValues).slice(0, 200)
    return { path: error.instancePath, schemaPath: error.schemaPath, message: `must be one of ${allowed}` }
  }
  return { path: error.instancePath, schemaPath: error.schemaPath, message: error.message ?? `fails '${error.keyword}'` }
}
