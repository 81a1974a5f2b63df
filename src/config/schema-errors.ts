/**
 * Turns ajv's errors into one readable issue each, at the YAML node concerned: the unknown
 * key itself, the value of the wrong type, the mapping that lacks a key.
 */
import type { ErrorObject } from 'ajv'
import type { ConfigIssue } from './config-error.js'
import { displayPath, type ConfigPath, type Locator } from './locate.js'

/** What the schema's patterns mean, in words (a regex is a poor error message). */
const PATTERN_MEANINGS: Readonly<Record<string, string>> = {
  '^[A-Za-z0-9][A-Za-z0-9_.-]*$': 'letters, digits, _ . and - only, starting with a letter or digit (no slash)',
  '^[^\\s/]\\S*$': 'no whitespace, not starting with a slash',
  '^[^/]+/.+$': "a target written '<provider>/<model>'",
  '^(memory|redis|\\$\\{.*\\})$': 'memory or redis (or ${VAR:-memory}, checked after expansion)',
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
}

/** JSON pointer (`/models/chat/deployments/0`) → path, with array indices as numbers. */
function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return []
  const path: (string | number)[] = []
  let here: unknown = data
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(here)) {
      const index = Number(seg)
      path.push(index)
      here = here[index]
    } else {
      path.push(seg)
      here = isRecord(here) ? here[seg] : undefined
    }
  }
  return path
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : []
}

function quoteList(values: readonly string[]): string {
  return values.join(', ')
}

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : [String(type)]
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')
}

function valueAt(data: unknown, path: ConfigPath): unknown {
  let here = data
  for (const seg of path) {
    if (Array.isArray(here) && typeof seg === 'number') here = here[seg]
    else if (isRecord(here)) here = here[String(seg)]
    else return undefined
  }
  return here
}

/** The keys an object schema declares (for "allowed keys are …"). */
function declaredKeys(schema: unknown): string[] {
  return isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : []
}

/** What the reading of one ajv error needs: the error, where it points, and what was seen across all errors. */
interface ErrorAt {
  e: ErrorObject
  path: ConfigPath
  where: string
  params: Record<string, unknown>
  data: unknown
  at: Locator
  seen: Seen
}

interface Seen {
  /** Keys a provider's kind does not take (`instancePath \0 key`). */
  kindRejected: Set<string>
  /** Keys unknown to the schema (`instancePath \0 key`). */
  unknownKeys: Set<string>
  /** Paths already reported for their type. */
  typed: Set<string>
}

export function schemaIssues(errors: readonly ErrorObject[], data: unknown, at: Locator): ConfigIssue[] {
  const seen = scanKeys(errors)
  const issues: ConfigIssue[] = []
  for (const e of errors) {
    const path = pointerToPath(e.instancePath, data)
    const err: ErrorAt = { e, path, where: displayPath(path), params: isRecord(e.params) ? e.params : {}, data, at, seen }
    // Errors under `propertyNames` concern a key of the object at instancePath.
    const issue = e.propertyName !== undefined ? keyNameIssue(err, e.propertyName) : valueIssue(err)
    if (issue !== undefined) issues.push(issue)
  }
  return issues
}

/**
 * A key a provider's kind does not take is reported once, with that kind's keys, even when it
 * is also unknown to every kind (ajv then reports it twice).
 */
function scanKeys(errors: readonly ErrorObject[]): Seen {
  const seen: Seen = { kindRejected: new Set(), unknownKeys: new Set(), typed: new Set() }
  for (const e of errors) {
    if (e.propertyName !== undefined && e.keyword === 'enum') seen.kindRejected.add(`${e.instancePath}\u0000${e.propertyName}`)
    if (e.keyword === 'additionalProperties' && isRecord(e.params)) seen.unknownKeys.add(`${e.instancePath}\u0000${String(e.params.additionalProperty)}`)
  }
  return seen
}

function keyNameIssue({ e, path, where, params, data, at, seen }: ErrorAt, name: string): ConfigIssue {
  const keyPath = [...path, name]
  if (e.keyword === 'pattern') {
    const pattern = String(params.pattern)
    return at.issue(keyPath, `${where} has an invalid name '${name}': ${PATTERN_MEANINGS[pattern] ?? `it must match ${pattern}`}`, 'key')
  }
  if (e.keyword !== 'enum') return at.issue(keyPath, `${where} has an invalid name '${name}': ${e.message ?? 'rejected by the schema'}`, 'key')
  const kind = valueAt(data, [...path, 'kind'])
  const allowed = quoteList(stringList(params.allowedValues))
  const unknown = seen.unknownKeys.has(`${e.instancePath}\u0000${name}`)
  const message =
    typeof kind !== 'string'
      ? `${where} has unknown key '${name}'; allowed keys are ${allowed}`
      : unknown
        ? `${where} has unknown key '${name}'; kind '${kind}' takes ${allowed}`
        : `${where} has key '${name}', which kind '${kind}' does not take; kind '${kind}' takes ${allowed}`
  return at.issue(keyPath, message, 'key')
}

function valueIssue(err: ErrorAt): ConfigIssue | undefined {
  const { e, path, where, params, at, seen } = err
  switch (e.keyword) {
    // Wrappers around errors reported on their own.
    case 'propertyNames':
    case 'if':
      return undefined
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      if (seen.kindRejected.has(`${e.instancePath}\u0000${key}`)) return undefined
      return at.issue([...path, key], `${where} has unknown key '${key}'; allowed keys are ${quoteList(declaredKeys(e.parentSchema))}`, 'key')
    }
    case 'required':
      return at.issue(path, `${where} is missing required key '${String(params.missingProperty)}'`, 'key')
    case 'type':
      // A value may fail two type checks (string-or-mapping, then mapping); the first says it all.
      if (seen.typed.has(e.instancePath)) return undefined
      seen.typed.add(e.instancePath)
      return at.issue(path, `${where} must be ${typeWords(params.type)}`)
    case 'enum':
      return at.issue(path, `${where} must be one of ${quoteList(stringList(params.allowedValues))}`)
    case 'pattern': {
      const pattern = String(params.pattern)
      return at.issue(path, `${where} must be ${PATTERN_MEANINGS[pattern] ?? `a string matching ${pattern}`}`)
    }
    case 'uniqueItems':
      return duplicateIssue(err)
    default:
      return at.issue(path, `${where} ${boundWords(e.keyword, params) ?? e.message ?? 'is invalid'}`)
  }
}

/** The words for a size or range bound, or undefined for another keyword. */
function boundWords(keyword: string, params: Record<string, unknown>): string | undefined {
  switch (keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`
    case 'minLength':
      return 'must not be empty'
    case 'minItems':
      return `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`
    case 'minProperties':
      return `must have at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}`
    default:
      return undefined
  }
}

function duplicateIssue({ path, where, params, data, at }: ErrorAt): ConfigIssue {
  const list = valueAt(data, path)
  // ajv scans from the end: i and j are the two copies; point at the later one.
  const index = Math.max(typeof params.i === 'number' ? params.i : -1, typeof params.j === 'number' ? params.j : -1)
  const item = Array.isArray(list) ? list[index] : undefined
  return at.issue(index >= 0 ? [...path, index] : path, `${where} lists ${JSON.stringify(item)} more than once`)
}
