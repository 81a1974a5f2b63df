import { timingSafeEqual } from 'node:crypto'
import { MASTER_KEY } from '../access/master-key.js'
import { hashKey } from '../config/resolve-access.js'
import type { AuthConfig, KeyConfig } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'

/** The key a client presented: `Authorization: Bearer <key>` (OpenAI's SDKs, Claude Code with a token) or `x-api-key` (Anthropic's SDKs). */
export function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const authorization = header('authorization')
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim())
    if (match !== null) return match[1]
  }
  const apiKey = header('x-api-key')
  return apiKey === undefined || apiKey === '' ? undefined : apiKey
}

/**
 * The key's identity, or undefined when it is not valid. The presented key is hashed once; the
 * master key's hash is compared in constant time, and virtual keys are found by their hash (a
 * lookup that can only reveal timing about a SHA-256, never about the key).
 */
export function identify(auth: AuthConfig, presented: string): KeyConfig | undefined {
  const hash = hashKey(presented)
  if (auth.masterKeyHash !== undefined && timingSafeEqual(Buffer.from(hash, 'hex'), Buffer.from(auth.masterKeyHash, 'hex'))) return MASTER_KEY
  return auth.keys.get(hash)
}

/** Whether the config asks for keys at all (a master key or any virtual key). */
export function authRequired(auth: AuthConfig): boolean {
  return auth.masterKeyHash !== undefined || auth.keys.size > 0
}

/**
 * With a master key or virtual keys configured, a request needs a valid one: its identity, for
 * the model check, limits and spend. Undefined when the gateway is open (or, for `ops` paths,
 * when `server.protect_metrics` is off). Never echoes or logs the key: a mistyped key is often
 * a real key of another system.
 */
export function authenticate(auth: AuthConfig, header: (name: string) => string | undefined, scope: 'api' | 'ops'): KeyConfig | undefined {
  if (!authRequired(auth) || (scope === 'ops' && !auth.protectMetrics)) return undefined
  const presented = presentedKey(header)
  if (presented === undefined) {
    throw new GatewayError('auth', 'This gateway needs an API key: send it as "Authorization: Bearer <key>" (or an "x-api-key" header).', { code: 'missing_api_key' })
  }
  const key = identify(auth, presented)
  if (key === undefined) throw new GatewayError('auth', 'The API key is not valid for this gateway. Check the key your client sends.', { code: 'invalid_api_key' })
  return key
}
