import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { GatewayEnv } from './env.js'

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Takes the client's `x-request-id` when it is safe to echo and log, else makes one; sets it on the answer. */
export function requestId(): MiddlewareHandler<GatewayEnv> {
  return async function requestIdMiddleware(c, next) {
    c.set('receivedAt', performance.now())
    const given = c.req.header('x-request-id')
    const id = given !== undefined && SAFE_ID.test(given) ? given : randomUUID()
    c.set('requestId', id)
    await next()
    // Hot-path answers carry the id already: touching c.res.headers would cost web Headers.
    if (c.get('requestIdSent') !== true) c.res.headers.set('x-request-id', id)
  }
}
