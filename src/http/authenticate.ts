import { timingSafeEqual } from 'node:crypto'
import type { Context, Next } from 'hono'
import { MASTER_KEY } from '../access/master-key.js'
import { hashKey } from '../config/resolve-access.js'
import type { AuthConfig, KeyConfig } from '../config/types.js'
import type { GatewayDeps } from '../deps.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { GatewayEnv } from './env.js'

/** The key a client presented: `Authorization: Bearer <key>` (OpenAI's SDKs) or `x-api-key` (Anthropic's). */
function presentedKey(c: Context<GatewayEnv>): string | undefined {
  const authorization = c.req.header('authorization')
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim())
    if (match !== null) return match[1]
  }
  const apiKey = c.req.header('x-api-key')
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
function authRequired(auth: AuthConfig): boolean {
  return auth.masterKeyHash !== undefined || auth.keys.size > 0
}

/**
 * Middleware: with a master key or virtual keys configured, a request needs a valid one; its
 * identity rides on `c.get('key')` for the model check, limits and spend. `scope` 'ops' guards
 * /metrics and /health only when `server.protect_metrics` is on.
 */
export function authenticate(deps: GatewayDeps, scope: 'api' | 'ops' = 'api') {
  return async function authenticateRequest(c: Context<GatewayEnv>, next: Next): Promise<void> {
    const auth = deps.config().auth
    if (!authRequired(auth) || (scope === 'ops' && !auth.protectMetrics)) {
      c.set('key', undefined)
      return next()
    }
    const presented = presentedKey(c)
    if (presented === undefined) {
      deps.logger.info({ requestId: c.get('requestId'), path: c.req.path }, 'request refused: no API key')
      throw new GatewayError('auth', 'This gateway needs an API key: send it as "Authorization: Bearer <key>" (or an "x-api-key" header).', { code: 'missing_api_key' })
    }
    const key = identify(auth, presented)
    // Never echo or log the key: a mistyped key is often a real key of another system.
    if (key === undefined) {
      deps.logger.info({ requestId: c.get('requestId'), path: c.req.path }, 'request refused: unknown API key')
      throw new GatewayError('auth', 'The API key is not valid for this gateway. Check the key your client sends.', { code: 'invalid_api_key' })
    }
    c.set('key', key)
    return next()
  }
}
