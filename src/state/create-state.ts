import type { StateConfig } from '../config/types.js'
import type { Logger } from '../logging/logger.js'
import type { Metrics } from '../metrics/metrics.js'
import { createFailoverStore } from './failover-store.js'
import { createMemoryStore } from './memory-store.js'
import type { StateStore } from './store.js'
import { CACHE_PREFIX } from '../cache/response-cache.js'
import { RECORD_PREFIX } from './record-store.js'

/** How long start-up waits for Redis before serving anyway (fail_open) or refusing until it comes. */
const CONNECT_WAIT_MS = 3000
/** A failing Redis fails every operation; one warning per this long is enough. */
const WARN_EVERY_MS = 10_000

/** The state store, and whether it can serve requests that need it right now. */
export interface GatewayState {
  store: StateStore
  /** False only while Redis is unreachable and `fail_open` is off: readiness turns false with it. */
  serving(): boolean
}

/**
 * The store `state:` asks for. Redis comes wrapped with a local fallback, so an outage is a
 * warning and a metric (or a 503 with fail_open off), never a crash; ioredis reconnects alone.
 */
export async function createStateStore(config: StateConfig, logger: Logger, metrics: Metrics): Promise<GatewayState> {
  if (config.backend === 'memory' || config.url === undefined) {
    metrics.stateUp.set(1)
    return { store: createMemoryStore(), serving: () => true }
  }
  let up = false
  metrics.stateUp.set(0)
  // Loaded only for this backend: ioredis alone is ~70 ms of a start-up that must stay fast.
  const { createRedisStore } = await import('./redis-store.js')
  const redis = createRedisStore({
    url: config.url,
    prefix: config.prefix,
    onConnectionChange(connected, reason) {
      up = connected
      metrics.stateUp.set(connected ? 1 : 0)
      // The reason is ioredis's message (host:port, never the URL's password).
      if (connected) logger.info('state store (redis) connected: limits, spend and cache are shared')
      else logger.warn({ reason }, `state store (redis) unreachable: ${config.failOpen ? 'counting locally (per replica) until it returns' : 'refusing requests until it returns'}`)
    },
  })
  let lastWarned = Number.NEGATIVE_INFINITY
  const store = createFailoverStore(redis, createMemoryStore(), {
    failOpen: config.failOpen,
    // Cached answers and stored responses: a local copy would be seen by one replica only and outgrow its bounds.
    sharedOnly: (key) => key.startsWith(CACHE_PREFIX) || key.startsWith(RECORD_PREFIX),
    onFailure(operation, err) {
      metrics.stateFailures.inc({ operation })
      const now = Date.now()
      if (now - lastWarned >= WARN_EVERY_MS) {
        lastWarned = now
        logger.warn({ operation, reason: err instanceof Error ? err.message : String(err) }, 'state store (redis) operation failed')
      }
    },
  })
  if (!(await redis.ready(CONNECT_WAIT_MS))) logger.warn('state store (redis) not reachable at start-up; serving anyway and reconnecting in the background')
  return { store, serving: () => up || config.failOpen }
}
