/**
 * What the fake's JSON Schema generator understands, and the small readers it uses. Schemas
 * come from clients (tool parameters, response formats): `unknown` until narrowed here.
 */
import { isObject as isRecord, type JsonObject as JsonRecord } from '../../../wire/json.js'

export { isRecord, type JsonRecord }

/** A schema the generator cannot satisfy (or does not understand), with where in it. */
export class SchemaSampleError extends Error {
  constructor(
    message: string,
    /** JSON Pointer into the schema, '' for its root. */
    readonly pointer: string,
  ) {
    super(message)
    this.name = 'SchemaSampleError'
  }
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array'
export const JSON_TYPES: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']

/**
 * Validation keywords the generator does not implement. A schema using one is refused rather
 * than answered with a value that might not validate.
 */
const UNSUPPORTED = [
  'not', 'if', 'then', 'else', 'contains', 'minContains', 'maxContains', 'dependentRequired', 'dependentSchemas',
  'dependencies', 'patternProperties', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', '$dynamicRef', '$recursiveRef',
]

export function refuseUnsupported(schema: JsonRecord, pointer: string): void {
  for (const key of UNSUPPORTED) {
    if (key in schema) throw new SchemaSampleError(`the JSON Schema keyword '${key}' is not supported by the fake model's generator`, pointer)
  }
}

export function isJsonType(value: unknown): value is JsonType {
  return typeof value === 'string' && (JSON_TYPES as readonly string[]).includes(value)
}

/** The types a schema names (`type` as a string or a list), or undefined when it names none. */
export function declaredTypes(schema: JsonRecord, pointer: string): JsonType[] | undefined {
  const t = schema.type
  if (t === undefined) return undefined
  const list = Array.isArray(t) ? t : [t]
  if (list.length === 0 || !list.every(isJsonType)) throw new SchemaSampleError(`'type' must be a JSON type or a list of them`, `${pointer}/type`)
  return list
}

/** The type a schema without `type` implies by its keywords (undefined: any value). */
export function impliedType(schema: JsonRecord): JsonType | undefined {
  if ('properties' in schema || 'required' in schema || 'additionalProperties' in schema || 'minProperties' in schema || 'maxProperties' in schema) return 'object'
  if ('items' in schema || 'prefixItems' in schema || 'minItems' in schema || 'maxItems' in schema || 'uniqueItems' in schema) return 'array'
  if ('minLength' in schema || 'maxLength' in schema || 'pattern' in schema || 'format' in schema) return 'string'
  if ('minimum' in schema || 'maximum' in schema || 'exclusiveMinimum' in schema || 'exclusiveMaximum' in schema || 'multipleOf' in schema) return 'number'
  return undefined
}

/** The JSON type of a value (integers are 'integer'). */
export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'string') return 'string'
  return 'object'
}

/** A non-negative integer keyword, or undefined. */
export function count(schema: JsonRecord, key: string, pointer: string): number | undefined {
  const v = schema[key]
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SchemaSampleError(`'${key}' must be a non-negative integer`, `${pointer}/${key}`)
  return v
}

/** A finite number keyword, or undefined. */
export function finite(schema: JsonRecord, key: string, pointer: string): number | undefined {
  const v = schema[key]
  if (v === undefined || typeof v === 'boolean') return undefined // draft-04 exclusive flags are booleans
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaSampleError(`'${key}' must be a number`, `${pointer}/${key}`)
  return v
}

/** Equality of JSON values (for enum, const and uniqueItems). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** JSON Pointer escaping of one key. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}
