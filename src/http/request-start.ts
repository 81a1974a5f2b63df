import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Config } from '../config/types.js'
import { corsHeaders, preflightHeaders } from './cors.js'
import type { GatewayEnv } from './env.js'

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * What every request gets before any handler: its arrival time, the one read of the config it
 * runs on, its id (the client's `x-request-id` when it is safe to echo and log, else a new one),
 * and, with `server.cors.allow_origins`, its CORS headers (a preflight is answered here).
 */
export function requestStart(config: () => Config): MiddlewareHandler<GatewayEnv> {
  return async function requestStartMiddleware(c, next) {
    c.set('receivedAt', performance.now())
    const snapshot = config()
    c.set('config', snapshot)
    const given = c.req.header('x-request-id')
    const id = given !== undefined && SAFE_ID.test(given) ? given : randomUUID()
    c.set('requestId', id)
    const cors = corsHeaders(snapshot.server.cors, c.req.header('origin'))
    if (cors !== undefined) {
      if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
        return new Response(null, { status: 204, headers: preflightHeaders(cors, c.req.header('access-control-request-headers')) })
      }
      c.set('answerHeaders', cors)
    }
    await next()
    // Hot-path answers carry these already: touching c.res.headers would cost web Headers.
    if (c.get('requestIdSent') !== true) {
      c.res.headers.set('x-request-id', id)
      for (const [name, value] of Object.entries(cors ?? {})) c.res.headers.set(name, value)
    }
  }
}
