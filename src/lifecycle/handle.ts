import type { Context } from 'hono'
import type { GatewayDeps } from '../deps.js'
import { toGatewayError, type GatewayError } from '../errors/gateway-error.js'
import type { GatewayEnv } from '../http/env.js'
import { readJsonRequest, type BodyLimits } from '../http/read-json-body.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { authenticate } from './authenticate.js'
import type { Exchange } from './exchange.js'
import type { FrontDoor } from './front-door.js'
import { createRequestContext, type RequestContext } from './request-context.js'
import { openScope, type RequestScope } from './request-scope.js'
import { runExchange } from './run-exchange.js'

/** A POST whose JSON body becomes an exchange: routed, executed and answered by the lifecycle. */
export interface ExchangeRoute {
  kind: 'exchange'
  /** `text` is the body as the client sent it, for a door that relays its bytes. */
  prepare(rc: RequestContext, body: unknown, text: string): Exchange | Promise<Exchange>
}

/** A request the door answers itself (model lists, stored objects), still authenticated, counted and logged. */
export interface PlainRoute {
  kind: 'plain'
  /** Whether the request has a JSON body to read first. */
  body?: boolean
  answer(rc: RequestContext, body: unknown): Response | Promise<Response>
}

export type DoorRoute = ExchangeRoute | PlainRoute

/**
 * The lifecycle's entry: the request context (the config snapshot, id, key) is built once, the
 * scope owns the gauge, the release, the accounting and the log line, and every error, from a
 * missing key to an upstream failure, is rendered once, in the door's protocol.
 */
export function handleWith(deps: GatewayDeps, door: FrontDoor, route: DoorRoute): (c: Context<GatewayEnv>) => Promise<Response> {
  return async function handleRequest(c) {
    const rc = createRequestContext(deps, c, door)
    const scope = openScope(rc)
    try {
      rc.key = authenticate(rc.config.auth, (name) => c.req.header(name), 'api')
      const body = route.kind === 'exchange' || route.body === true ? await readJsonRequest(c, bodyLimits(rc)) : undefined
      if (route.kind === 'plain') {
        const res = await route.answer(rc, body?.json)
        scope.end({ status: res.status, finished: true })
        return res
      }
      const exchange = await route.prepare(rc, body?.json, body?.text ?? '')
      scope.exchange(exchange)
      return await runExchange(rc, scope, exchange)
    } catch (err) {
      return failed(rc, scope, err)
    }
  }
}

/** `server.max_body_bytes` and `server.body_timeout_ms`. */
function bodyLimits(rc: RequestContext): BodyLimits {
  return { maxBytes: rc.config.server.maxBodyBytes, timeoutMs: rc.config.server.bodyTimeoutMs }
}

/** A request refused before any route could take it (an unknown URL, a wrong method): counted, logged, rendered by the door. */
export function refuse(deps: GatewayDeps, c: Context<GatewayEnv>, door: FrontDoor, error: GatewayError, headers: Readonly<Record<string, string>> = {}): Response {
  const rc = createRequestContext(deps, c, door)
  const res = failed(rc, openScope(rc), error)
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value)
  return res
}

/** Ends the request with its error and renders it in the door's protocol; internal errors are logged, never shown. */
export function failed(rc: RequestContext, scope: RequestScope, err: unknown): Response {
  if (err instanceof AbortedError) {
    scope.end({ status: 499 })
    // Nobody reads it: the client is gone.
    return new Response(null, { status: 499 })
  }
  const error = toGatewayError(err)
  if (error.kind === 'internal') rc.deps.logger.error({ requestId: rc.requestId, err: error.detail.cause ?? err }, 'internal error')
  scope.end({ status: error.status, error })
  return errorResponse(rc, error, scope.attemptsMade())
}

/** The door's rendering of an error, with Retry-After, the attempts made and the request id. */
export function errorResponse(rc: RequestContext, error: GatewayError, attempts?: number): Response {
  const rendered = rc.door.renderError(error)
  const headers: Record<string, string> = { ...rc.http.get('answerHeaders'), ...rendered.headers, 'content-type': 'application/json', 'x-request-id': rc.requestId }
  if (error.detail.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.detail.retryAfterSeconds)))
  if (attempts !== undefined) headers['x-switchyard-attempts'] = String(attempts)
  rc.http.set('requestIdSent', true)
  return new Response(rendered.body, { status: rendered.status, headers })
}
