/**
 * JSON Schema (what OpenAI clients send as tool parameters) → Gemini's `Schema`, a subset of
 * OpenAPI 3.0. `functionDeclarations[].parameters` rejects any key it does not know with
 * `Invalid JSON payload received. Unknown name "…"` (reported for `additionalProperties`,
 * `$schema`, `const`, `exclusiveMinimum`, `propertyNames`: github.com/openswarm-ai/openswarm
 * issues/24, zed-industries/zed issues/44875, router-for-me/CLIProxyAPI issues/97), and
 * `"type": ["string","null"]` fails with "Proto field is not repeating" (zed issues/53919).
 *
 * So keys are kept by allow-list: the fields of js-genai's `Schema` interface
 * (googleapis.github.io/js-genai, types.Schema): anyOf, default, description, enum, example,
 * format, items, maximum, maxItems, maxLength, maxProperties, minimum, minItems, minLength,
 * minProperties, nullable, pattern, properties, propertyOrdering, required, title, type.
 * Rewrites: `const` → one-value `enum`; `oneOf` → `anyOf`; a type list with "null" →
 * `nullable`; local `$ref`s into `$defs`/`definitions` are inlined (cycles cut off);
 * enum values become strings, as the API types `enum` as string[] (Vertex Schema reference).
 * `format` is kept only where the Gemini API accepts it ("enum", "date-time" for strings,
 * int32/int64/float/double for numbers; firebase.google.com/docs/reference/js/ai.schemashared).
 */
import type { JsonObject } from '../../canonical/chat.js'
import { readArray, asString, isObject } from '../../wire/json.js'

const COPIED = [
  'description',
  'title',
  'pattern',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'default',
  'example',
  'nullable',
  'propertyOrdering',
] as const

const FORMATS = new Set(['enum', 'date-time', 'int32', 'int64', 'float', 'double'])
const MAX_REF_DEPTH = 8

/** Converts a tool's parameter schema; undefined when the tool takes no parameters. */
export function toGeminiParameters(schema: JsonObject | undefined): JsonObject | undefined {
  if (schema === undefined) return undefined
  const converted = convert(schema, definitionsOf(schema), 0)
  // The root must be an OBJECT schema ("parameters schema should be of type OBJECT").
  if (converted.type === undefined && isObject(converted.properties)) converted.type = 'object'
  // An object with no properties is rejected ("parameters.properties: should be non-empty for
  // OBJECT type": agno-agi/agno issues/2112); a tool without arguments leaves `parameters` out.
  const props = converted.properties
  if (converted.type === 'object' && (!isObject(props) || Object.keys(props).length === 0)) return undefined
  return converted
}

function definitionsOf(root: JsonObject): JsonObject {
  return { ...(isObject(root.definitions) ? root.definitions : {}), ...(isObject(root.$defs) ? root.$defs : {}) }
}

function resolveRef(ref: string, defs: JsonObject): JsonObject | undefined {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref)
  if (match === null) return undefined
  const target = defs[decodeURIComponent(match[1].replace(/~1/g, '/').replace(/~0/g, '~'))]
  return isObject(target) ? target : undefined
}

function convert(schema: JsonObject, defs: JsonObject, depth: number): JsonObject {
  const ref = asString(schema.$ref)
  if (ref !== undefined) {
    const target = depth < MAX_REF_DEPTH ? resolveRef(ref, defs) : undefined
    // An unresolvable or too deep (cyclic) reference degrades to "any object" with its description.
    if (target === undefined) return withDescription({ type: 'object' }, schema)
    return convert({ ...target, ...withoutRef(schema) }, defs, depth + 1)
  }
  const out: JsonObject = {}
  const sub = (s: JsonObject) => convert(s, defs, depth)
  copyType(schema, out)
  for (const key of COPIED) {
    if (schema[key] !== undefined) out[key] = schema[key]
  }
  const format = asString(schema.format)
  if (format !== undefined && FORMATS.has(format)) out.format = format
  copyEnum(schema, out)
  copyStructure(schema, out, sub)
  copyAlternatives(schema, out, sub)
  // "properties: only allowed for OBJECT type" (anomalyco/opencode PR #11888): keywords of
  // another type that a loose schema carries are dropped.
  if (typeof out.type === 'string') {
    if (out.type !== 'object') {
      delete out.properties
      delete out.required
    }
    if (out.type !== 'array') delete out.items
  }
  return out
}

/** `type`, a string or a list: Gemini takes one type, `nullable`, or `anyOf` for several. */
function copyType(schema: JsonObject, out: JsonObject): void {
  const type = schema.type
  if (typeof type === 'string') {
    if (type === 'null') out.nullable = true
    else out.type = type
  } else if (Array.isArray(type)) {
    const types = type.filter((t): t is string => typeof t === 'string')
    const nonNull = types.filter((t) => t !== 'null')
    if (types.includes('null')) out.nullable = true
    if (nonNull.length === 1) out.type = nonNull[0]
    else if (nonNull.length > 1) out.anyOf = nonNull.map((t) => ({ type: t }))
  }
}

/** `const` and `enum` become a string enum (Gemini's enums are strings), null as `nullable`. */
function copyEnum(schema: JsonObject, out: JsonObject): void {
  if (schema.const !== undefined) out.enum = [String(schema.const)]
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v) => v !== null).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    if (schema.enum.includes(null)) out.nullable = true
    out.enum = values
  }
}

/** `properties`, `required` and `items` (a tuple's first item), converted. */
function copyStructure(schema: JsonObject, out: JsonObject, sub: (s: JsonObject) => JsonObject): void {
  if (isObject(schema.properties)) {
    const properties: JsonObject = {}
    for (const [name, value] of Object.entries(schema.properties)) properties[name] = isObject(value) ? sub(value) : {}
    out.properties = properties
  }
  if (Array.isArray(schema.required)) out.required = schema.required.filter((r) => typeof r === 'string')
  if (isObject(schema.items)) out.items = sub(schema.items)
  else if (Array.isArray(schema.items) && isObject(schema.items[0])) out.items = sub(schema.items[0])
}

/** `anyOf`/`oneOf` as `anyOf` (an "X or null" as X with `nullable`), a lone `allOf` merged in. */
function copyAlternatives(schema: JsonObject, out: JsonObject, sub: (s: JsonObject) => JsonObject): void {
  const alternatives = [...readArray(schema.anyOf), ...readArray(schema.oneOf)].filter(isObject)
  if (alternatives.length > 0) {
    const converted = alternatives.map(sub)
    // `{anyOf: [X, {type: null}]}` is how many generators spell "X or null".
    const nonNull = converted.filter((alt) => !(alt.nullable === true && alt.type === undefined && Object.keys(alt).length === 1))
    if (nonNull.length < converted.length) out.nullable = true
    if (nonNull.length === 1 && out.type === undefined) Object.assign(out, { ...nonNull[0], ...out })
    else if (nonNull.length > 0) out.anyOf = nonNull
  }
  const allOf = readArray(schema.allOf).filter(isObject)
  if (allOf.length === 1) Object.assign(out, { ...sub(allOf[0]), ...out })
}

function withoutRef(schema: JsonObject): JsonObject {
  const rest: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) if (key !== '$ref') rest[key] = value
  return rest
}

function withDescription(target: JsonObject, source: JsonObject): JsonObject {
  const description = asString(source.description)
  return description === undefined ? target : { ...target, description }
}
