import { declaredTypes, escapePointer, isRecord, typeOf, sameJson, type JsonRecord, type JsonType } from './keywords.js'
import { resolveSchema } from './resolve.js'
import { sampleJson, type SampleOptions } from './sample.js'

/** Ways a value can break its schema, for the fake's fault injection. */
export type Violation = 'missing-required' | 'wrong-type' | 'bad-enum'
export const VIOLATIONS: readonly Violation[] = ['missing-required', 'wrong-type', 'bad-enum']

export interface Violated {
  value: unknown
  /** What was broken: the one asked for, or the next that the schema allows. */
  violation: Violation
  /** JSON Pointer to the broken place in the value ('' for the whole value). */
  at: string
}

type Segment = string | number
interface Target {
  violation: Violation
  path: Segment[]
  /** undefined: delete the property at `path`. */
  replacement?: { value: unknown }
}

/**
 * A value that fails `schema`: a valid sample with one thing broken. The break is made only
 * where the value is bound to that part of the schema (not inside an anyOf branch that another
 * branch could accept, except the nullable `anyOf: [X, {type: null}]`), so it always fails.
 * When the schema has no place for the wanted violation the next one is made; a schema that
 * constrains nothing at all is broken at its root with a value of another type, if it has one.
 */
export function violateJson(schema: unknown, seed: number, wanted: Violation, options: SampleOptions = {}): Violated {
  const valid = sampleJson(schema, seed, options)
  const targets = findTargets(schema, valid)
  for (const violation of [wanted, ...VIOLATIONS.filter((v) => v !== wanted)]) {
    const ofKind = targets.filter((t) => t.violation === violation)
    // Inside the value first; the root only when nothing inside can be broken.
    const target = ofKind.find((t) => t.path.length > 0) ?? ofKind[0]
    if (target !== undefined) return { value: apply(valid, target), violation, at: target.path.map((p) => `/${escapePointer(String(p))}`).join('') }
  }
  return { value: valid, violation: wanted, at: '' }
}

/** Every place the value can be broken, shallowest first. */
function findTargets(root: unknown, value: unknown): Target[] {
  const targets: Target[] = []
  const queue: { schema: unknown; value: unknown; path: Segment[] }[] = [{ schema: root, value, path: [] }]
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const { schema, value: v, path } = queue[i]
    const s = boundSchema(schema, root, v)
    if (s === undefined) continue
    const wrong = wrongValue(allowedTypes(s))
    if (wrong !== undefined) targets.push({ violation: 'wrong-type', path, replacement: { value: wrong } })
    if (Array.isArray(s.enum) || 'const' in s) targets.push({ violation: 'bad-enum', path, replacement: { value: notIn(Array.isArray(s.enum) ? s.enum : [s.const]) } })
    if (isRecord(v)) {
      const required = Array.isArray(s.required) ? s.required : []
      const present = required.find((name): name is string => typeof name === 'string' && Object.hasOwn(v, name))
      if (present !== undefined) targets.push({ violation: 'missing-required', path: [...path, present] })
      const props = isRecord(s.properties) ? s.properties : {}
      for (const [key, child] of Object.entries(v)) {
        queue.push({ schema: Object.hasOwn(props, key) ? props[key] : (s.additionalProperties ?? true), value: child, path: [...path, key] })
      }
    } else if (Array.isArray(v)) {
      const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : []
      const rest = Array.isArray(s.items) ? (s.additionalItems ?? true) : (s.items ?? true)
      v.forEach((item, index) => queue.push({ schema: index < tuple.length ? tuple[index] : rest, value: item, path: [...path, index] }))
    }
  }
  return targets
}

/** The schema a value is bound to: resolved, through a nullable anyOf; undefined when it binds nothing for sure. */
function boundSchema(schema: unknown, root: unknown, value: unknown): JsonRecord | undefined {
  let s: JsonRecord | true
  try {
    s = resolveSchema(schema, root, '').schema
  } catch {
    return undefined
  }
  if (s === true) return undefined
  const branches = s.anyOf ?? s.oneOf
  if (branches === undefined) return s
  if (!Array.isArray(branches) || value === null) return undefined
  const nonNull = branches.filter((b) => !(isRecord(b) && b.type === 'null' && Object.keys(b).length === 1))
  if (nonNull.length !== 1) return undefined
  const { anyOf, oneOf, ...siblings } = s
  return boundSchema({ allOf: [siblings, nonNull[0]] }, root, value)
}

/** The types a schema admits, or undefined when it admits every type. */
function allowedTypes(s: JsonRecord): JsonType[] | undefined {
  if ('const' in s) return [typeOf(s.const)]
  if (Array.isArray(s.enum)) return s.enum.map(typeOf)
  try {
    return declaredTypes(s, '')
  } catch {
    return undefined
  }
}

const WRONG_VALUES: readonly unknown[] = [12345, 'wrong type', true, null, ['wrong type'], { wrong: 'type' }]

function wrongValue(allowed: JsonType[] | undefined): unknown {
  if (allowed === undefined) return undefined
  const admits = (t: JsonType) => allowed.includes(t) || (t === 'integer' && allowed.includes('number'))
  return WRONG_VALUES.find((v) => !admits(typeOf(v)))
}

function notIn(values: readonly unknown[]): unknown {
  const numbers = values.filter((v): v is number => typeof v === 'number')
  if (numbers.length === values.length && numbers.length > 0) return Math.max(...numbers) + 1
  let candidate = `${values.find((v): v is string => typeof v === 'string') ?? 'value'}_unknown`
  while (values.some((v) => sameJson(v, candidate))) candidate += '_x'
  return candidate
}

function childOf(node: unknown, segment: Segment): unknown {
  if (Array.isArray(node) && typeof segment === 'number') return node[segment]
  if (isRecord(node) && typeof segment === 'string') return node[segment]
  return undefined
}

function apply(valid: unknown, target: Target): unknown {
  if (target.path.length === 0) return target.replacement?.value
  const copy: unknown = structuredClone(valid)
  let parent: unknown = copy
  for (const segment of target.path.slice(0, -1)) parent = childOf(parent, segment)
  const last = target.path[target.path.length - 1]
  if (Array.isArray(parent) && typeof last === 'number') {
    if (target.replacement !== undefined) parent[last] = target.replacement.value
  } else if (isRecord(parent) && typeof last === 'string') {
    if (target.replacement === undefined) delete parent[last]
    else parent[last] = target.replacement.value
  }
  return copy
}
