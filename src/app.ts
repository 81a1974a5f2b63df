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
import { authenticate } from './http/authenticate.js'
import { createResponseCache } from './cache/response-cache.js'
import { logRequest } from './logging/request-log.js'
import { UNROUTED } from './routing/labels.js'

export type { MetricsSource }
import { errorClass } from './routing/error-class.js'
import { AbortedError } from './upstream/map-network-error.js'

export interface AppOptions {
  /** Whether the gateway should receive traffic (false while draining). Defaults to always ready. */
  readiness?: () => Readiness
  /** What GET /metrics answers; defaults to deps.metrics.registry (a cluster worker answers for all workers). */
  metrics?: MetricsSource
  /** The clock of the memory response cache's TTLs; tests pass theirs. Defaults to the real one. */
  now?: () => number
}

export function createApp(deps: GatewayDeps, options: AppOptions = {}): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  app.use('*', requestId())

  // One response cache per app, shared by chat and completions (their keys differ by endpoint).
  const cache = createResponseCache(deps.state, () => deps.config().cache, options.now)
  const chat = chatHandler(deps, cache)
  const completions = completionsHandler(deps, cache)
  const embeddings = embeddingsHandler(deps)
  const models = modelsHandlers(deps, Date.now())
  const api = authenticate(deps, 'api')
  // OpenAI's paths, with and without the /v1 prefix (some clients are configured without it).
  for (const prefix of ['/v1', '']) {
    app.post(`${prefix}/chat/completions`, api, chat)
    app.post(`${prefix}/completions`, api, completions)
    app.post(`${prefix}/embeddings`, api, embeddings)
    app.get(`${prefix}/models`, api, models.list)
    app.get(`${prefix}/models/*`, api, models.get)
  }

  const health = healthHandlers(options.readiness ?? (() => ({ ready: true })))
  const ops = authenticate(deps, 'ops')
  app.get('/health/liveness', ops, health.liveness)
  app.get('/health/readiness', ops, health.readiness)
  app.get('/metrics', ops, metricsHandler(options.metrics ?? registrySource(deps.metrics.registry)))

  app.notFound((c) => {
    deps.metrics.errors.inc({ route: 'unknown', kind: 'client' })
    return errorResponse(c, new GatewayError('not_found', `Unknown request URL: ${c.req.method} ${c.req.path}.`, { code: 'unknown_url' }))
  })
  app.onError((err, c) => {
    const error = toGatewayError(err)
    // A client that went away gets no answer, so it is no error it saw.
    if (!(err instanceof AbortedError)) deps.metrics.errors.inc({ route: c.get('routeLabel') ?? 'unknown', kind: errorClass(error) })
    if (error.kind === 'internal') deps.logger.error({ requestId: c.get('requestId'), err: error.detail.cause ?? err }, 'unhandled error')
    // Refused before a route was chosen (bad JSON, unknown model, …): still one line per request.
    if (c.get('logged') !== true) {
      logRequest(deps.logger, { requestId: c.get('requestId'), endpoint: c.req.path, status: error.status, stream: false, durationMs: performance.now() - c.get('receivedAt'), errorKind: error.kind }, UNROUTED)
    }
    return errorResponse(c, error)
  })
  return app
}
