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

export function schemaIssues(errors: readonly ErrorObject[], data: unknown, at: Locator): ConfigIssue[] {
  // A key a provider's kind does not take is reported once, with that kind's keys, even when
  // it is also unknown to every kind (ajv then reports it twice).
  const kindRejected = new Set<string>()
  const unknownKeys = new Set<string>()
  for (const e of errors) {
    if (e.propertyName !== undefined && e.keyword === 'enum') kindRejected.add(`${e.instancePath}\u0000${e.propertyName}`)
    if (e.keyword === 'additionalProperties' && isRecord(e.params)) unknownKeys.add(`${e.instancePath}\u0000${String(e.params.additionalProperty)}`)
  }
  const typed = new Set<string>()
  const issues: ConfigIssue[] = []

  for (const e of errors) {
    const path = pointerToPath(e.instancePath, data)
    const where = displayPath(path)
    const params: Record<string, unknown> = isRecord(e.params) ? e.params : {}

    // Errors under `propertyNames` concern a key of the object at instancePath.
    if (e.propertyName !== undefined) {
      const name = e.propertyName
      const keyPath = [...path, name]
      if (e.keyword === 'enum') {
        const kind = valueAt(data, [...path, 'kind'])
        const allowed = quoteList(stringList(params.allowedValues))
        const unknown = unknownKeys.has(`${e.instancePath}\u0000${name}`)
        const message =
          typeof kind !== 'string'
            ? `${where} has unknown key '${name}'; allowed keys are ${allowed}`
            : unknown
              ? `${where} has unknown key '${name}'; kind '${kind}' takes ${allowed}`
              : `${where} has key '${name}', which kind '${kind}' does not take; kind '${kind}' takes ${allowed}`
        issues.push(at.issue(keyPath, message, 'key'))
      } else if (e.keyword === 'pattern') {
        const pattern = String(params.pattern)
        issues.push(at.issue(keyPath, `${where} has an invalid name '${name}': ${PATTERN_MEANINGS[pattern] ?? `it must match ${pattern}`}`, 'key'))
      } else {
        issues.push(at.issue(keyPath, `${where} has an invalid name '${name}': ${e.message ?? 'rejected by the schema'}`, 'key'))
      }
      continue
    }

    switch (e.keyword) {
      // Wrappers around errors reported on their own.
      case 'propertyNames':
      case 'if':
        break
      case 'additionalProperties': {
        const key = String(params.additionalProperty)
        if (kindRejected.has(`${e.instancePath}\u0000${key}`)) break
        const allowed = quoteList(declaredKeys(e.parentSchema))
        issues.push(at.issue([...path, key], `${where} has unknown key '${key}'; allowed keys are ${allowed}`, 'key'))
        break
      }
      case 'required':
        issues.push(at.issue(path, `${where} is missing required key '${String(params.missingProperty)}'`, 'key'))
        break
      case 'type':
        // A value may fail two type checks (string-or-mapping, then mapping); the first says it all.
        if (typed.has(e.instancePath)) break
        typed.add(e.instancePath)
        issues.push(at.issue(path, `${where} must be ${typeWords(params.type)}`))
        break
      case 'enum':
        issues.push(at.issue(path, `${where} must be one of ${quoteList(stringList(params.allowedValues))}`))
        break
      case 'pattern': {
        const pattern = String(params.pattern)
        issues.push(at.issue(path, `${where} must be ${PATTERN_MEANINGS[pattern] ?? `a string matching ${pattern}`}`))
        break
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        issues.push(at.issue(path, `${where} must be ${String(params.comparison)} ${String(params.limit)}`))
        break
      case 'minLength':
        issues.push(at.issue(path, `${where} must not be empty`))
        break
      case 'minItems':
        issues.push(at.issue(path, `${where} must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`))
        break
      case 'minProperties':
        issues.push(at.issue(path, `${where} must have at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}`))
        break
      case 'uniqueItems': {
        const list = valueAt(data, path)
        // ajv scans from the end: i and j are the two copies; point at the later one.
        const index = Math.max(typeof params.i === 'number' ? params.i : -1, typeof params.j === 'number' ? params.j : -1)
        const item = Array.isArray(list) ? list[index] : undefined
        issues.push(at.issue(index >= 0 ? [...path, index] : path, `${where} lists ${JSON.stringify(item)} more than once`))
        break
      }
      default:
        issues.push(at.issue(path, `${where} ${e.message ?? 'is invalid'}`))
    }
  }
  return issues
}
