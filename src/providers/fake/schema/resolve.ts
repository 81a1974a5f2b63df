import { escapePointer, isRecord, refuseUnsupported, SchemaSampleError, type JsonRecord } from './keywords.js'
import { mergeSchemas } from './merge.js'

/** A schema with its `$ref` and `allOf` applied: `true` admits anything. */
export interface Flat {
  schema: JsonRecord | true
  pointer: string
}

/** `$ref` chains longer than this are refused (a loop of refs that never reaches a schema). */
const MAX_REF_HOPS = 64

/**
 * Follows `$ref` (local JSON Pointers only: `#/$defs/x`, `#/definitions/x`) and folds `allOf`
 * into one schema, so the generator sees one set of keywords. `anyOf` / `oneOf` stay: the
 * generator picks a branch.
 */
export function resolveSchema(schema: unknown, root: unknown, pointer: string, hops = 0): Flat {
  if (schema === true) return { schema: true, pointer }
  if (schema === false) throw new SchemaSampleError('the schema `false` admits no value', pointer)
  if (!isRecord(schema)) throw new SchemaSampleError('a schema must be an object or a boolean', pointer)
  refuseUnsupported(schema, pointer)
  let flat: JsonRecord | true = schema
  if (typeof schema.$ref === 'string' || 'allOf' in schema) {
    if (hops > MAX_REF_HOPS) throw new SchemaSampleError(`more than ${MAX_REF_HOPS} nested $ref/allOf`, pointer)
    const { $ref, allOf, ...rest } = schema
    flat = Object.keys(rest).length === 0 ? true : rest
    if ($ref !== undefined) flat = both(flat, resolveSchema(lookup($ref, root, pointer), root, refPointer($ref), hops + 1).schema, pointer)
    if (allOf !== undefined) {
      if (!Array.isArray(allOf) || allOf.length === 0) throw new SchemaSampleError(`'allOf' must be a non-empty list of schemas`, `${pointer}/allOf`)
      allOf.forEach((member, i) => {
        flat = both(flat, resolveSchema(member, root, `${pointer}/allOf/${i}`, hops + 1).schema, pointer)
      })
    }
  }
  return { schema: flat, pointer }
}

function both(a: JsonRecord | true, b: JsonRecord | true, pointer: string): JsonRecord | true {
  if (a === true) return b
  if (b === true) return a
  return mergeSchemas(a, b, pointer)
}

function refPointer(ref: unknown): string {
  return typeof ref === 'string' ? ref.slice(1) : ''
}

function lookup(ref: unknown, root: unknown, pointer: string): unknown {
  if (typeof ref !== 'string' || !ref.startsWith('#')) {
    throw new SchemaSampleError(`only local $ref ('#/…') is supported, not ${JSON.stringify(ref)}`, `${pointer}/$ref`)
  }
  let node: unknown = root
  const path = ref.slice(1)
  if (path === '') return node
  if (!path.startsWith('/')) throw new SchemaSampleError(`$ref ${JSON.stringify(ref)} is not a JSON Pointer`, `${pointer}/$ref`)
  for (const raw of path.slice(1).split('/')) {
    const key = decodeSegment(raw, ref, pointer)
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)]
    else if (isRecord(node) && Object.hasOwn(node, key)) node = node[key]
    else throw new SchemaSampleError(`$ref ${JSON.stringify(ref)} points at nothing (no '${escapePointer(key)}')`, `${pointer}/$ref`)
  }
  return node
}

function decodeSegment(raw: string, ref: string, pointer: string): string {
  try {
    return decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
  } catch {
    throw new SchemaSampleError(`$ref ${JSON.stringify(ref)} is not a valid URI fragment`, `${pointer}/$ref`)
  }
}
