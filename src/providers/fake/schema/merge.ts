import { isJsonType, isRecord, SchemaSampleError, sameJson, type JsonRecord, type JsonType } from './keywords.js'

/** Keywords that describe and never constrain: the first schema's are kept. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$schema', '$id', '$comment', 'definitions', '$defs', 'readOnly', 'writeOnly', 'deprecated', 'strict', 'nullable'])
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'])
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'])

/**
 * One schema that a value satisfies exactly when it satisfies both (for `allOf` and for
 * `$ref` with sibling keywords). Nested schemas are combined lazily as `allOf`; keywords that
 * cannot be combined are refused.
 */
export function mergeSchemas(a: JsonRecord, b: JsonRecord, pointer: string): JsonRecord {
  const out: JsonRecord = { ...a }
  for (const [key, value] of Object.entries(b)) {
    out[key] = key in out ? mergeKeyword(key, out[key], value, pointer) : value
  }
  closeProperties(out, a, b, pointer)
  return out
}

function mergeKeyword(key: string, a: unknown, b: unknown, pointer: string): unknown {
  if (ANNOTATIONS.has(key) || sameJson(a, b)) return a
  if (typeof a === 'number' && typeof b === 'number') {
    if (LOWER_BOUNDS.has(key)) return Math.max(a, b)
    if (UPPER_BOUNDS.has(key)) return Math.min(a, b)
  }
  switch (key) {
    case 'type':
      return intersectTypes(a, b, pointer)
    case 'required':
      return [...new Set([...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])])]
    case 'enum':
      if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => b.some((y) => sameJson(x, y)))
      break
    case 'properties':
      if (isRecord(a) && isRecord(b)) {
        const props: JsonRecord = { ...a }
        for (const [name, s] of Object.entries(b)) props[name] = name in props ? { allOf: [props[name], s] } : s
        return props
      }
      break
    case 'items':
    case 'additionalProperties':
      if (a === false || b === false) return false
      if (!Array.isArray(a) && !Array.isArray(b)) return { allOf: [a, b] }
      break
    case 'uniqueItems':
      return a === true || b === true
  }
  throw new SchemaSampleError(`the fake model's generator cannot combine two different '${key}' keywords (allOf or $ref with siblings)`, pointer)
}

function intersectTypes(a: unknown, b: unknown, pointer: string): JsonType[] {
  const list = (t: unknown): JsonType[] => (Array.isArray(t) ? t : [t]).filter(isJsonType)
  const right = list(b)
  const both = new Set<JsonType>()
  for (const t of list(a)) {
    if (right.includes(t)) both.add(t)
    // integer is a subset of number
    else if ((t === 'integer' && right.includes('number')) || (t === 'number' && right.includes('integer'))) both.add('integer')
  }
  if (both.size === 0) throw new SchemaSampleError(`allOf requires types ${JSON.stringify(a)} and ${JSON.stringify(b)} at once: no value has both`, pointer)
  return [...both]
}

/** `additionalProperties: false` on either side forbids the other side's extra property names. */
function closeProperties(out: JsonRecord, a: JsonRecord, b: JsonRecord, pointer: string): void {
  const closed = [a, b].filter((s) => s.additionalProperties === false).map((s) => new Set(Object.keys(isRecord(s.properties) ? s.properties : {})))
  if (closed.length === 0 || !isRecord(out.properties)) return
  const allowed = (name: string) => closed.every((names) => names.has(name))
  out.properties = Object.fromEntries(Object.entries(out.properties).filter(([name]) => allowed(name)))
  const required = Array.isArray(out.required) ? out.required : []
  const banned = required.find((name) => typeof name === 'string' && !allowed(name))
  if (banned !== undefined) throw new SchemaSampleError(`property '${banned}' is required, but additionalProperties: false forbids it`, pointer)
}
