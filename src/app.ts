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
import { metricsHandler, registrySource, type MetricsSource } from './http/metrics-endpoint.js'
import { modelsHandlers } from './http/models.js'
import { requestId } from './http/request-id.js'
import { logRequest } from './logging/request-log.js'
import { UNROUTED } from './routing/labels.js'

export type { MetricsSource }

export interface AppOptions {
  /** Whether the gateway should receive traffic (false while draining). Defaults to always ready. */
  readiness?: () => Readiness
  /** What GET /metrics answers; defaults to deps.metrics.registry (a cluster worker answers for all workers). */
  metrics?: MetricsSource
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
  app.get('/metrics', metricsHandler(options.metrics ?? registrySource(deps.metrics.registry)))

  app.notFound((c) =>
    errorResponse(c, new GatewayError('not_found', `Unknown request URL: ${c.req.method} ${c.req.path}.`, { code: 'unknown_url' })),
  )
  app.onError((err, c) => {
    const error = toGatewayError(err)
    if (error.kind === 'internal') deps.logger.error({ requestId: c.var.requestId, err: error.detail.cause ?? err }, 'unhandled error')
    // Refused before a route was chosen (bad JSON, unknown model, …): still one line per request.
    if (c.var.logged !== true) {
      logRequest(deps.logger, { requestId: c.var.requestId, endpoint: c.req.path, status: error.status, stream: false, durationMs: performance.now() - c.var.receivedAt, errorKind: error.kind }, UNROUTED)
    }
    return errorResponse(c, error)
  })
  return app
}
