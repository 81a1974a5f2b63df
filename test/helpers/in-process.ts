/**
 * A gateway in this process and on no socket: the deps built from routes.yaml text, the app from
 * `createApp(deps)`, every request through `app.request()`. For tests where the socket is not
 * the point (disconnects, timeouts, resets, backpressure and several processes keep theirs:
 * gateway.ts, gateway-process.ts). Clients are the official SDKs, pointed at the app through
 * their `fetch` option. Given a clock, rate windows, TTLs and cooldowns move when the test
 * advances it, not with the wall clock. Upstreams stay real servers on 127.0.0.1 (the gateway's
 * own HTTP client is what talks to them). Always `close()` it.
 *
 * Built only from `createApp(deps, options)` and the `GatewayDeps` shape, so the server's
 * start-up can change without this changing with it.
 */
import OpenAI, { type ClientOptions } from 'openai'
import { createResponseCache } from '../../src/cache/response-cache.js'
import { createRecordStore } from '../../src/state/record-store.js'
import { createApp, type AppOptions } from '../../src/app.js'
import { parseConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/types.js'
import type { GatewayDeps } from '../../src/deps.js'
import { createLogger, type Logger } from '../../src/logging/logger.js'
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js'
import { defaultAdapters } from '../../src/providers/registry.js'
import { createRoutingRuntime } from '../../src/routing/runtime.js'
import { createStateStore } from '../../src/state/create-state.js'
import type { StateStore } from '../../src/state/store.js'
import { createUpstreamClient } from '../../src/upstream/client.js'
import { createSchemaValidators } from '../../src/validation/schema-validators.js'

/** A clock a test moves by hand. */
export interface TestClock {
  now(): number
  advance(ms: number): void
}

/** A clock that stands still until advanced; starts at 2026-01-01T00:00:00Z, a time like any other. */
export function testClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let t = start
  return {
    now: () => t,
    advance(ms) {
      t += ms
    },
  }
}

/**
 * The real clock, moved forward by `advance()`: for a gateway that also waits in real time
 * (backoff, an upstream's Retry-After), which a clock standing still would contradict.
 */
export function offsetClock(): TestClock {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms
    },
  }
}

export interface InProcessOptions {
  logger?: Logger
  /** Windows, TTLs, cooldowns and the response cache on this clock (a memory store; not with `state.backend: redis`). */
  clock?: TestClock
  app?: AppOptions
}

export interface InProcessGateway {
  deps: GatewayDeps
  /** `fetch` for this gateway: a path (`/v1/models`) or a URL whose path is used. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** An openai SDK client for this gateway (no retries, 20 s timeout unless given). */
  openai(options?: Partial<ClientOptions>): OpenAI
  /** `openai()` with a client key that is not forwarded anywhere. */
  client: OpenAI
  metricsText(): Promise<string>
  close(): Promise<void>
}

async function stateFor(config: Config, logger: Logger, metrics: Metrics, clock: TestClock | undefined): Promise<StateStore> {
  if (clock !== undefined && config.state.backend !== 'memory') throw new Error('a test clock drives the memory store; this config asks for another backend')
  return (await createStateStore(config.state, logger, metrics, clock?.now)).store
}

/** `env` is what `${VAR}` in the yaml reads (as for startTestGateway). */
export async function startInProcessGateway(yaml: string, env: Record<string, string | undefined> = {}, options: InProcessOptions = {}): Promise<InProcessGateway> {
  const config = parseConfig(yaml, 'routes.yaml', env)
  const metrics = createMetrics()
  const logger = options.logger ?? createLogger({ level: 'silent' })
  const state = await stateFor(config, logger, metrics, options.clock)
  const upstream = createUpstreamClient({ onWait: (provider) => metrics.upstreamWaits.inc({ provider }) })
  metrics.watchUpstream(() => upstream.pools())
  const deps: GatewayDeps = {
    config: () => config,
    metrics,
    upstream,
    logger,
    adapters: defaultAdapters,
    state,
    routing: createRoutingRuntime(state, metrics, options.clock?.now),
    cache: createResponseCache(state, () => config.cache, options.clock?.now),
    records: createRecordStore(state, () => ({ ttlMs: config.responses.retentionMs, maxEntries: config.responses.maxEntries })),
    validators: createSchemaValidators(),
    now: options.clock?.now ?? Date.now,
  }
  const app = createApp(deps, options.app)
  const fetchApp = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => app.request(input, init)
  const openai = (given: Partial<ClientOptions> = {}) =>
    new OpenAI({ baseURL: 'http://in-process/v1', apiKey: 'client-key-not-forwarded', maxRetries: 0, timeout: 20_000, fetch: fetchApp, ...given })
  return {
    deps,
    fetch: (path, init) => fetchApp(path, init),
    openai,
    client: openai(),
    metricsText: async () => (await fetchApp('/metrics')).text(),
    async close() {
      await deps.upstream.close()
      await state.close()
    },
  }
}
