import { assertNever } from '../../../canonical/chat.js'
import { createRng, type Rng } from '../random.js'
import { FILLER } from '../words.js'
import { count, declaredTypes, escapePointer, impliedType, isRecord, SchemaSampleError, typeOf, canonicalJson, type JsonRecord, type JsonType } from './keywords.js'
import { resolveSchema } from './resolve.js'
import { sampleNumber } from './sample-number.js'
import { sampleString } from './sample-string.js'

/** How much the generator makes before it refuses a schema (schemas come from clients). */
export interface SampleLimits {
  /** Deepest nesting of values. */
  maxDepth: number
  /** From this depth on, optional properties are left out and arrays kept to minItems, so recursive schemas end. */
  softDepth: number
  /** Values in one sample. */
  maxNodes: number
  maxStringLength: number
  /** Characters of string values in one sample, all strings together. */
  maxChars: number
  maxItems: number
}

export const SAMPLE_LIMITS: Readonly<SampleLimits> = { maxDepth: 32, softDepth: 4, maxNodes: 2000, maxStringLength: 4096, maxChars: 16384, maxItems: 64 }

interface Gen {
  root: unknown
  rng: Rng
  limits: SampleLimits
  /** Words plain strings are made of (the prompt's names, say); empty: the fake's filler. */
  words: readonly string[]
  nodes: number
  chars: number
}

export interface SampleOptions {
  limits?: SampleLimits
  words?: readonly string[]
}

/**
 * A JSON value valid against `schema`, the same for the same seed. Supports type (and lists of
 * types), properties, required, additionalProperties, min/maxProperties, items, prefixItems,
 * min/maxItems, uniqueItems, enum, const, anyOf, oneOf, allOf, local $ref, minimum, maximum
 * (exclusive too, draft-04 and later), multipleOf, min/maxLength, pattern and common formats.
 * Throws SchemaSampleError for a schema it cannot satisfy within its limits or does not understand.
 */
export function sampleJson(schema: unknown, seed: number, options: SampleOptions = {}): unknown {
  return sample({ root: schema, rng: createRng(seed), limits: options.limits ?? SAMPLE_LIMITS, words: options.words ?? [], nodes: 0, chars: 0 }, schema, '', 0)
}

function sample(g: Gen, schema: unknown, pointer: string, depth: number): unknown {
  if (++g.nodes > g.limits.maxNodes) throw new SchemaSampleError(`the schema needs more than ${g.limits.maxNodes} values`, pointer)
  if (depth > g.limits.maxDepth) throw new SchemaSampleError(`the schema nests deeper than ${g.limits.maxDepth} levels`, pointer)
  const { schema: s, pointer: at } = resolveSchema(schema, g.root, pointer)
  if (s === true) return g.rng.pick(FILLER)
  if (s.anyOf !== undefined || s.oneOf !== undefined) return sampleBranch(g, s, at, depth)
  const types = declaredTypes(s, at)
  if ('const' in s || s.enum !== undefined) return sampleEnum(g, s, types, at)
  const implied = impliedType(s)
  const type = types === undefined ? (implied ?? 'string') : chooseType(g, types, depth)
  switch (type) {
    case 'string': {
      const text = sampleString(s, g.rng, { maxLength: g.limits.maxStringLength, words: g.words }, at)
      g.chars += text.length
      if (g.chars > g.limits.maxChars) throw new SchemaSampleError(`the schema needs more than ${g.limits.maxChars} characters of text`, at)
      return text
    }
    case 'number':
    case 'integer':
      return sampleNumber(s, g.rng, type === 'integer', at)
    case 'boolean':
      return g.rng.chance(0.5)
    case 'null':
      return null
    case 'object':
      return sampleObject(g, s, at, depth)
    case 'array':
      return sampleArray(g, s, at, depth)
    default:
      return assertNever(type)
  }
}

/** Nullable values are mostly not null; deep inside a recursive schema, null ends it. */
function chooseType(g: Gen, types: JsonType[], depth: number): JsonType {
  if (types.length === 1) return types[0]
  const others = types.filter((t) => t !== 'null')
  if (others.length < types.length && (depth >= g.limits.softDepth || others.length === 0 || g.rng.chance(0.2))) return 'null'
  return g.rng.pick(others)
}

/** Keywords that may stand beside enum / const: the values are checked against none of the others. */
const BESIDE_ENUM = new Set(['type', 'enum', 'const', 'title', 'description', 'default', 'examples', '$schema', '$id', '$comment', 'definitions', '$defs', 'readOnly', 'writeOnly', 'deprecated', 'nullable'])

function sampleEnum(g: Gen, s: JsonRecord, types: JsonType[] | undefined, at: string): unknown {
  const key = 'const' in s ? 'const' : 'enum'
  const other = Object.keys(s).find((k) => !BESIDE_ENUM.has(k))
  if (other !== undefined) throw new SchemaSampleError(`the fake model's generator does not support '${other}' beside '${key}'`, at)
  const values = 'const' in s ? [s.const] : s.enum
  if (!Array.isArray(values) || values.length === 0) throw new SchemaSampleError(`'enum' must be a non-empty list`, `${at}/enum`)
  const allowed = types === undefined ? values : values.filter((v) => types.includes(typeOf(v)) || (typeOf(v) === 'integer' && types.includes('number')))
  if (allowed.length === 0) throw new SchemaSampleError(`no value of '${key}' has the schema's type`, `${at}/${key}`)
  return g.rng.pick(allowed)
}

/**
 * One branch of anyOf / oneOf (with the schema's other keywords), tried in turn from a seeded
 * start until one can be generated. Deep in a recursive schema, a branch that is not an object
 * or array is preferred, so the recursion ends.
 */
function sampleBranch(g: Gen, s: JsonRecord, at: string, depth: number): unknown {
  const key = s.anyOf !== undefined ? 'anyOf' : 'oneOf'
  const { anyOf, oneOf, ...siblings } = s
  const branches = anyOf ?? oneOf
  if (!Array.isArray(branches) || branches.length === 0) throw new SchemaSampleError(`'${key}' must be a non-empty list of schemas`, `${at}/${key}`)
  const order = branches.map((_, i) => i)
  const start = depth >= g.limits.softDepth ? Math.max(0, branches.findIndex((b) => isTerminal(g, b))) : g.rng.int(0, branches.length - 1)
  let first: unknown
  for (let k = 0; k < order.length; k++) {
    const i = (start + k) % branches.length
    const branch = Object.keys(siblings).length === 0 ? branches[i] : { allOf: [siblings, branches[i]] }
    try {
      return sample(g, branch, `${at}/${key}/${i}`, depth)
    } catch (err) {
      if (!(err instanceof SchemaSampleError)) throw err
      first ??= err
    }
  }
  throw first
}

function isTerminal(g: Gen, branch: unknown): boolean {
  try {
    const { schema } = resolveSchema(branch, g.root, '')
    if (schema === true) return true
    const types = declaredTypes(schema, '') ?? [impliedType(schema) ?? 'string']
    return !types.includes('object') && !types.includes('array')
  } catch {
    return false
  }
}

function sampleObject(g: Gen, s: JsonRecord, at: string, depth: number): JsonRecord {
  const props = s.properties ?? {}
  if (!isRecord(props)) throw new SchemaSampleError(`'properties' must be an object`, `${at}/properties`)
  const required = s.required ?? []
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) throw new SchemaSampleError(`'required' must be a list of names`, `${at}/required`)
  const extra = s.additionalProperties
  const max = count(s, 'maxProperties', at) ?? Infinity
  const min = count(s, 'minProperties', at) ?? 0
  if (required.length > max) throw new SchemaSampleError(`more properties are required than maxProperties allows`, at)
  const optional = Object.keys(props).filter((name) => !required.includes(name))
  const room = max - required.length
  const chosen = new Set(optional.filter(() => depth < g.limits.softDepth && g.rng.chance(0.5)).slice(0, room))
  for (const name of optional) if (required.length + chosen.size < min && chosen.size < room) chosen.add(name)
  const names = [...Object.keys(props).filter((n) => required.includes(n) || chosen.has(n)), ...new Set(required.filter((n) => !Object.hasOwn(props, n)))]
  for (let i = 1; names.length < min && names.length < max && extra !== false; i++) if (!names.includes(`extra_${i}`)) names.push(`extra_${i}`)
  if (names.length < min) throw new SchemaSampleError(`minProperties ${min} needs more properties than the schema allows`, at)
  return Object.fromEntries(
    names.map((name) => {
      const declared = Object.hasOwn(props, name)
      if (!declared && extra === false) throw new SchemaSampleError(`property '${name}' is required, but additionalProperties: false forbids it`, at)
      const schema = declared ? props[name] : (extra ?? true)
      const where = declared ? `${at}/properties/${escapePointer(name)}` : `${at}/additionalProperties`
      return [name, sample(g, schema, where, depth + 1)]
    }),
  )
}

function sampleArray(g: Gen, s: JsonRecord, at: string, depth: number): unknown[] {
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : []
  const rest = Array.isArray(s.items) ? (s.additionalItems ?? true) : (s.items ?? true)
  const min = count(s, 'minItems', at) ?? 0
  let max = Math.min(count(s, 'maxItems', at) ?? Infinity, min + 3)
  if (rest === false) max = Math.min(max, tuple.length)
  if (min > g.limits.maxItems) throw new SchemaSampleError(`minItems ${min} is more than the fake model generates (${g.limits.maxItems})`, `${at}/minItems`)
  if (max < min) throw new SchemaSampleError(`no array length satisfies minItems ${min}`, at)
  const length = depth >= g.limits.softDepth ? min : g.rng.int(min, max)
  const items: unknown[] = []
  const seen = new Set<string>()
  for (let i = 0; i < length; i++) {
    const schema = i < tuple.length ? tuple[i] : rest
    const where = i < tuple.length ? `${at}/${Array.isArray(s.prefixItems) ? 'prefixItems' : 'items'}/${i}` : `${at}/items`
    let item = sample(g, schema, where, depth + 1)
    for (let tries = 0; s.uniqueItems === true && seen.has(canonicalJson(item)) && tries < 8; tries++) item = withoutWords(g, () => sample(g, schema, where, depth + 1))
    if (s.uniqueItems === true && seen.has(canonicalJson(item))) {
      if (i < min) throw new SchemaSampleError(`the fake model could not find ${min} different items (uniqueItems)`, at)
      break
    }
    seen.add(canonicalJson(item))
    items.push(item)
  }
  return items
}

/** Runs `make` drawing strings from the filler only: a few given words cannot make many different items. */
function withoutWords<T>(g: Gen, make: () => T): T {
  const words = g.words
  g.words = []
  try {
    return make()
  } finally {
    g.words = words
  }
}
