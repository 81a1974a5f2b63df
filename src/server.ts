/**
 * Starting and stopping a gateway: load the config, build the deps, serve, reload, drain. Used
 * by the CLI (once per worker) and by tests that need a real socket.
 */
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, type MetricsSource } from './app.js'
import { RequestSchemas } from './wire/validate.js'
import { loadConfig } from './config/load.js'
import { warnIfOpen } from './config/open-warning.js'
import { createConfigReloader, type ConfigSource, type ReloadResult } from './config/reloader.js'
import type { Config } from './config/types.js'
import { watchFile, type FileWatch } from './config/watch-file.js'
import type { GatewayDeps } from './deps.js'
import { trackRequests } from './lifecycle/drain.js'
import { createLogger, type Logger } from './logging/logger.js'
import { createMetrics, type Metrics } from './metrics/metrics.js'
import { defaultAdapters } from './providers/registry.js'
import { createUpstreamClient, type UpstreamClient } from './upstream/client.js'
import { createStateStore } from './state/create-state.js'
import { createRoutingRuntime } from './routing/runtime.js'
import { createResponseCache } from './cache/response-cache.js'
import { createRecordStore } from './state/record-store.js'
import type { StateStore } from './state/store.js'
import { createSchemaValidators } from './validation/schema-validators.js'

export interface StartOptions {
  /** A loaded config, or a file to load (and reload). */
  config: Config | ConfigSource
  /** The file's config when the caller has just loaded it (the CLI reads it first): not loaded twice. */
  loaded?: Config
  port?: number
  host?: string
  logger?: Logger
  /** Set the logger's level from the config's `server.log_level`, at start and on every reload. */
  followLogLevel?: boolean
  /** A log level that wins over the config's (LOG_LEVEL in the environment); with followLogLevel. */
  logLevel?: string
  metrics?: Metrics
  upstream?: UpstreamClient
  /** A state store to use instead of the one `state:` in the config describes. */
  state?: StateStore
  /** The clock of windows, TTLs, cooldowns and the response cache; tests pass theirs. Defaults to the real one. */
  now?: () => number
  /** Reload when the config file changes (only with a file). */
  watch?: boolean
  /** What GET /metrics answers; defaults to this process's registry (a cluster worker asks the primary). */
  metricsSource?: MetricsSource
}

export interface RunningGateway {
  port: number
  host: string
  url: string
  deps: GatewayDeps
  /** Re-reads and validates the config file and swaps it in; an invalid file changes nothing. */
  reload(trigger?: 'watch' | 'SIGHUP' | 'api'): ReloadResult
  /**
   * Readiness turns false (for `server.shutdown_delay_ms` while still serving), the listener
   * stops accepting, requests and streams in flight get up to `graceMs` (default: the
   * config's `server.shutdown_grace_ms`) to finish, then the rest are cut. Resolves with the
   * number cut. An explicit `graceMs` skips the delay.
   */
  shutdown(graceMs?: number): Promise<number>
  /** shutdown(0): for tests and errors. */
  close(): Promise<void>
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const given = options.config
  const source = 'providers' in given ? undefined : given
  const initial = 'providers' in given ? given : (options.loaded ?? loadConfig(given.file, given.env))
  const logger = options.logger ?? createLogger({ level: 'silent' })
  const levelFor = (config: Config) => options.logLevel ?? config.server.logLevel
  if (options.followLogLevel === true) logger.level = levelFor(initial)
  for (const warning of initial.warnings) logger.warn(warning)
  const metrics = options.metrics ?? createMetrics()
  const reloader = createConfigReloader({
    initial,
    source,
    metrics,
    logger,
    onSwap: (next) => {
      if (options.followLogLevel === true) logger.level = levelFor(next)
    },
  })
  // The state backend is chosen at start-up; a reload that changes `state:` needs a restart.
  const { store: state, serving } = options.state === undefined ? await createStateStore(initial.state, logger, metrics, options.now) : { store: options.state, serving: () => true }
  const upstream = options.upstream ?? createUpstreamClient({ onWait: (provider) => metrics.upstreamWaits.inc({ provider }) })
  metrics.watchUpstream(() => upstream.pools())
  const deps: GatewayDeps = {
    config: reloader.current,
    metrics,
    upstream,
    logger,
    adapters: defaultAdapters,
    state,
    routing: createRoutingRuntime(state, metrics, options.now),
    cache: createResponseCache(state, () => reloader.current().cache, options.now),
    records: createRecordStore(state, () => ({ ttlMs: reloader.current().responses.retentionMs, maxEntries: reloader.current().responses.maxEntries })),
    validators: createSchemaValidators(),
    now: options.now ?? Date.now,
  }
  let draining = false
  const schemas = new RequestSchemas()
  const app = createApp(deps, {
    schemas,
    readiness: () => {
      if (draining) return { ready: false, reason: 'shutting down' }
      if (!serving()) return { ready: false, reason: 'state store (redis) unreachable and state.fail_open is false' }
      return { ready: true }
    },
    ...(options.metricsSource === undefined ? {} : { metrics: options.metricsSource }),
  })
  // --host / HOST win; else server.host, which defaults to loopback while the gateway is open.
  const host = options.host ?? initial.server.host
  warnIfOpen(logger, initial, host)
  // Not HTTP/2 or TLS: serve() builds a plain node:http server.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? initial.server.port, hostname: host }, () => resolve(s as Server))
    // e.g. EADDRINUSE: a start-up error for the caller, not an unhandled 'error' event.
    s.once('error', reject)
  })
  const drainer = trackRequests(server)
  warmSchemas(schemas)
  const port = (server.address() as AddressInfo).port

  let watcher: FileWatch | undefined
  if (options.watch === true && source !== undefined) {
    watcher = watchFile(
      source.file,
      () => reloader.reload('watch'),
      (err) => logger.warn({ err: err.message, config: source.file }, 'cannot watch the config file; reload with SIGHUP'),
    )
  }

  let shuttingDown: Promise<number> | undefined
  const shutdown = (graceMs?: number): Promise<number> => {
    shuttingDown ??= (async () => {
      // Readiness turns false first; with a delay, load balancers see it while we still serve.
      draining = true
      drainer.closeConnectionsAfterResponses()
      watcher?.close()
      const { shutdownDelayMs, shutdownGraceMs } = reloader.current().server
      if (graceMs === undefined && shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, shutdownDelayMs))
      const grace = graceMs ?? shutdownGraceMs
      const inFlight = drainer.inFlight()
      if (inFlight > 0) logger.info({ inFlight, graceMs: grace }, 'waiting for requests in flight')
      const cut = await drainer.drain(grace)
      if (cut > 0) logger.warn({ cut, graceMs: grace }, 'grace period over: cut requests still in flight')
      await deps.upstream.close()
      // A store passed in belongs to the caller (it may be shared); ours is closed here.
      if (options.state === undefined) await deps.state.close()
      return cut
    })()
    return shuttingDown
  }

  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    deps,
    reload: (trigger = 'api') => reloader.reload(trigger),
    shutdown,
    async close() {
      await shutdown(0)
    },
  }
}

/**
 * Compiles the doors' request schemas once the listener is up and the first moments have passed
 * (a load balancer's first probe and an early request are answered first), one per turn of the
 * event loop: a request arriving meanwhile waits for one compile at most, and a door's first
 * request compiles its own schema if the warm-up has not reached it.
 */
function warmSchemas(schemas: RequestSchemas): void {
  const next = (): void => {
    if (schemas.warmOne()) setImmediate(next).unref()
  }
  setTimeout(next, WARM_UP_AFTER_MS).unref()
}

/** How long after listening the schema warm-up starts. */
const WARM_UP_AFTER_MS = 250
