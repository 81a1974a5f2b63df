/**
 * createApp(deps): the Hono app with its front doors, health and metrics. No I/O at import time
 * and no module-level state, so tests build as many apps as they like and call `app.request()`.
 */
import { Hono, type Context } from 'hono'
import type { GatewayDeps } from './deps.js'
import { GatewayError, toGatewayError } from './errors/gateway-error.js'
import { frontDoors, openAIErrors } from './frontdoors/index.js'
import type { GatewayEnv } from './http/env.js'
import { healthHandlers, type Readiness } from './http/health.js'
import { metricsHandler, registrySource, type MetricsSource } from './http/metrics-endpoint.js'
import { requestStart } from './http/request-start.js'
import { authenticate } from './lifecycle/authenticate.js'
import type { FrontDoor } from './lifecycle/front-door.js'
import { handleWith, refuse } from './lifecycle/handle.js'
import { RequestSchemas } from './wire/validate.js'

export type { MetricsSource }

export interface AppOptions {
  /** Whether the gateway should receive traffic (false while draining). Defaults to always ready. */
  readiness?: () => Readiness
  /** What GET /metrics answers; defaults to deps.metrics.registry (a cluster worker answers for all workers). */
  metrics?: MetricsSource
  /** The doors' request schemas; the server passes its own to compile them once it listens. */
  schemas?: RequestSchemas
}

/** Requests that reach no front door (an unknown URL, a wrong method) are answered in OpenAI's shape. */
const UNROUTED_DOOR: FrontDoor = { endpoint: 'unknown', ...openAIErrors }

export function createApp(deps: GatewayDeps, options: AppOptions = {}): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  app.use('*', requestStart(deps.config))

  const methods = new Map<string, string[]>()
  for (const module of frontDoors({ schemas: options.schemas ?? new RequestSchemas() }, deps.now())) {
    for (const { method, paths, route } of module.paths) {
      const handle = handleWith(deps, module.door, route)
      for (const path of paths) {
        app.on(method, path, handle)
        methods.set(path, [...(methods.get(path) ?? []), method])
      }
    }
  }
  registerOps(app, deps, options, methods)

  // A known path asked with another method: 405 with the methods it takes.
  for (const [path, allowed] of methods) {
    app.all(path, (c) => refuse(deps, c, UNROUTED_DOOR, new GatewayError('method_not_allowed', `${c.req.method} is not allowed on ${path}; use ${allowed.join(' or ')}.`), { allow: allowed.join(', ') }))
  }
  app.notFound((c) => refuse(deps, c, UNROUTED_DOOR, new GatewayError('not_found', `Unknown request URL: ${c.req.method} ${c.req.path.slice(0, 200)}.`, { code: 'unknown_url' })))
  // Everything a handler can throw is rendered by its door; this is the last guard, so even a
  // bug answers JSON in OpenAI's shape, never a stack trace.
  app.onError((err, c) => {
    deps.logger.error({ requestId: c.get('requestId'), err }, 'unhandled error')
    return refuse(deps, c, UNROUTED_DOOR, toGatewayError(err))
  })
  return app
}

/** /health, /health/liveness, /health/readiness and /metrics; behind a key only with `server.protect_metrics`. */
function registerOps(app: Hono<GatewayEnv>, deps: GatewayDeps, options: AppOptions, methods: Map<string, string[]>): void {
  const health = healthHandlers(options.readiness ?? (() => ({ ready: true })))
  const metrics = metricsHandler(options.metrics ?? registrySource(deps.metrics.registry))
  const ops: [string, (c: Context<GatewayEnv>) => Response | Promise<Response>][] = [
    ['/health', health.liveness],
    ['/health/liveness', health.liveness],
    ['/health/readiness', health.readiness],
    ['/metrics', metrics],
  ]
  for (const [path, handler] of ops) {
    app.get(path, (c) => {
      try {
        authenticate(c.get('config').auth, (name) => c.req.header(name), 'ops')
      } catch (err) {
        return refuse(deps, c, UNROUTED_DOOR, toGatewayError(err))
      }
      return handler(c)
    })
    methods.set(path, ['GET'])
  }
}
