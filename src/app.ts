/**
 * createApp(deps): the Hono app with its routes and middleware. No I/O at import time and no
 * module-level state, so tests build as many apps as they like and call `app.request()`.
 */
import { Hono } from 'hono'
import type { GatewayDeps } from './deps.js'
import { GatewayError, toGatewayError } from './errors/gateway-error.js'
import { chatHandler } from './http/chat.js'
import { completionsHandler } from './http/completions.js'
import { embeddingsHandler } from './http/embeddings.js'
import type { GatewayEnv } from './http/env.js'
import { errorResponse } from './http/error-response.js'
import { healthHandlers, type Readiness } from './http/health.js'
import { metricsHandler } from './http/metrics-endpoint.js'
import { modelsHandlers } from './http/models.js'
import { requestId } from './http/request-id.js'
import { errorClass } from './routing/error-class.js'
import { AbortedError } from './upstream/map-network-error.js'

export interface AppOptions {
  /** Whether the gateway should receive traffic (false while draining). Defaults to always ready. */
  readiness?: () => Readiness
}

export function createApp(deps: GatewayDeps, options: AppOptions = {}): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  app.use('*', requestId())

  const chat = chatHandler(deps)
  const completions = completionsHandler(deps)
  const embeddings = embeddingsHandler(deps)
  const models = modelsHandlers(deps, Date.now())
  // OpenAI's paths, with and without the /v1 prefix (some clients are configured without it).
  for (const prefix of ['/v1', '']) {
    app.post(`${prefix}/chat/completions`, chat)
    app.post(`${prefix}/completions`, completions)
    app.post(`${prefix}/embeddings`, embeddings)
    app.get(`${prefix}/models`, models.list)
    app.get(`${prefix}/models/*`, models.get)
  }

  const health = healthHandlers(options.readiness ?? (() => ({ ready: true })))
  app.get('/health/liveness', health.liveness)
  app.get('/health/readiness', health.readiness)
  app.get('/metrics', metricsHandler(deps.metrics.registry))

  app.notFound((c) => {
    deps.metrics.errors.inc({ route: 'unknown', kind: 'client' })
    return errorResponse(c, new GatewayError('not_found', `Unknown request URL: ${c.req.method} ${c.req.path}.`, { code: 'unknown_url' }))
  })
  app.onError((err, c) => {
    const error = toGatewayError(err)
    // A client that went away gets no answer, so it is no error it saw.
    if (!(err instanceof AbortedError)) deps.metrics.errors.inc({ route: c.var.routeLabel ?? 'unknown', kind: errorClass(error) })
    if (error.kind === 'internal') deps.logger.error({ requestId: c.var.requestId, err: error.detail.cause ?? err }, 'unhandled error')
    return errorResponse(c, error)
  })
  return app
}
