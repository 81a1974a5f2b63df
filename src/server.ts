/**
 * Starting and stopping a gateway: load the config, build the deps, serve. Used by the CLI
 * and by tests that need a real socket.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import { loadConfig } from './config/load.js'
import type { Config } from './config/types.js'
import type { GatewayDeps } from './deps.js'
import { createLogger, type Logger } from './logging/logger.js'
import { createMetrics, type Metrics } from './metrics/metrics.js'
import { defaultAdapters } from './providers/registry.js'
import { createUpstreamClient, type UpstreamClient } from './upstream/client.js'
import { createRoutingRuntime } from './routing/runtime.js'
import { createMemoryStore } from './state/memory-store.js'
import type { StateStore } from './state/store.js'

export interface StartOptions {
  /** A loaded config, or a file to load. */
  config: Config | { file: string; env: Record<string, string | undefined> }
  port?: number
  host?: string
  logger?: Logger
  metrics?: Metrics
  upstream?: UpstreamClient
  /** Shared state (cooldowns, limits); an in-memory store when not given. */
  state?: StateStore
}

export interface RunningGateway {
  port: number
  host: string
  url: string
  deps: GatewayDeps
  /** Stops accepting, closes upstream sockets. */
  close(): Promise<void>
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const config = 'providers' in options.config ? options.config : loadConfig(options.config.file, options.config.env)
  const logger = options.logger ?? createLogger({ level: 'silent' })
  for (const warning of config.warnings) logger.warn(warning)
  const metrics = options.metrics ?? createMetrics()
  const state = options.state ?? createMemoryStore()
  const deps: GatewayDeps = {
    config: () => config,
    metrics,
    upstream: options.upstream ?? createUpstreamClient(),
    logger,
    adapters: defaultAdapters,
    state,
    routing: createRoutingRuntime(state, metrics),
  }
  let draining = false
  const app = createApp(deps, { readiness: () => (draining ? { ready: false, reason: 'shutting down' } : { ready: true }) })
  const host = options.host ?? config.server.host
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? config.server.port, hostname: host }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    deps,
    async close() {
      draining = true
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Idle keep-alive sockets would hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      })
      await deps.upstream.close()
      // A store passed in belongs to the caller (it may be shared); ours is closed here.
      if (options.state === undefined) await deps.state.close()
    },
  }
}
