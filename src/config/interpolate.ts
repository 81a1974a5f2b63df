/**
 * Environment interpolation in string values: `${VAR}`, `${VAR:-default}`, and `$${` for a
 * literal `${`. It runs after schema validation, so schema messages show what was written
 * (never an expanded secret) and point at the right node.
 */
import type { ConfigPath } from './locate.js'

export type Env = Readonly<Record<string, string | undefined>>

export type Expansion =
  | { ok: true; value: string; /** Variables referenced without a default that are unset. */ missing: string[] }
  | { ok: false; error: string }

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/

/**
 * Expands one string. An empty variable counts as unset (as with the shell's `:-`), because
 * `KEY=` in a .env file or docker-compose passes an empty value, not a usable one.
 */
export function expand(text: string, env: Env): Expansion {
  let out = ''
  const missing: string[] = []
  let i = 0
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${'
      i += 3
      continue
    }
    if (!text.startsWith('${', i)) {
      out += text[i]
      i += 1
      continue
    }
    const close = text.indexOf('}', i + 2)
    if (close < 0) return { ok: false, error: 'has a ${ without a closing } (write $${ for a literal ${)' }
    const match = REFERENCE.exec(text.slice(i + 2, close))
    if (!match) return { ok: false, error: 'has a malformed ${…} reference: write ${NAME} or ${NAME:-default} (NAME: letters, digits, _)' }
    const name = match[1] as string
    const fallback = match[2]
    const set = env[name]
    if (set !== undefined && set !== '') out += set
    else if (fallback !== undefined) out += fallback
    else if (!missing.includes(name)) missing.push(name)
    i = close + 1
  }
  return { ok: true, value: out, missing }
}

export interface TreeExpansion<T> {
  value: T
  /** Secret values whose variables are unset: the key is left out and the provider marked. */
  missingSecrets: { path: ConfigPath; vars: string[] }[]
  problems: { path: ConfigPath; message: string }[]
}

/**
 * Expands every string in a validated value. `isSecret(path)` says which strings may stay
 * unset (a missing key must not stop the gateway serving other providers).
 */
export function expandTree<T>(root: T, env: Env, isSecret: (path: ConfigPath) => boolean): TreeExpansion<T> {
  const missingSecrets: TreeExpansion<T>['missingSecrets'] = []
  const problems: TreeExpansion<T>['problems'] = []

  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      const result = expand(value, env)
      if (!result.ok) {
        problems.push({ path, message: result.error })
        return value
      }
      if (result.missing.length === 0) return result.value
      if (isSecret(path)) {
        missingSecrets.push({ path, vars: result.missing })
        return undefined
      }
      for (const name of result.missing) {
        problems.push({ path, message: `uses \${${name}}, which is not set (write \${${name}:-default} to give a default)` })
      }
      return value
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]))
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) {
        const expanded = walk(item, [...path, key])
        if (expanded !== undefined) out[key] = expanded
      }
      return out
    }
    return value
  }

  // Only string leaves change (or a secret key is left out), so the shape T still holds.
  const value = walk(root, []) as T
  return { value, missingSecrets, problems }
}
