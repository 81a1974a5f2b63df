import type { StateConfig } from '../config/types.js'
import type { Logger } from '../logging/logger.js'
import type { Metrics } from '../metrics/metrics.js'
import { createFailoverStore, type OutagePolicy } from './failover-store.js'
import { ROUTING_KEY_PREFIX } from './key-spaces.js'
import { createMemoryStore } from './memory-store.js'
import type { StateStore } from './store.js'
import { CACHE_PREFIX } from '../cache/response-cache.js'
import { RECORD_PREFIX } from './record-store.js'

/** How long start-up waits for Redis before serving anyway (fail_open) or refusing until it comes. */
const CONNECT_WAIT_MS = 3000

/** The state store, and whether it can serve requests that need it right now. */
export interface GatewayState {
  store: StateStore
  /** False only while Redis is unusable and `fail_open` is off: readiness turns false with it. */
  serving(): boolean
}

/**
 * What each kind of state does while Redis is unusable. Routing state (cooldowns, deployment
 * rpm/tpm) always falls back to this process's memory: a protection that switches off when
 * Redis does would make the strict setting the weak one. A key's limits and budget follow
 * `fail_open` (counted locally, or the request refused); a cached answer is a miss.
 */
export function outagePolicy(failOpen: boolean): (key: string) => OutagePolicy {
  return (key) => {
    // Cached answers and stored responses: a local copy would be seen by one replica only and
    // outgrow its bounds; the cache misses, a stored response is a 503 to retry.
    if (key.startsWith(CACHE_PREFIX) || key.startsWith(RECORD_PREFIX)) return 'miss'
    if (key.startsWith(ROUTING_KEY_PREFIX)) return 'local'
    return failOpen ? 'local' : 'refuse'
  }
}

/**
 * The store `state:` asks for. Redis comes wrapped with a local fallback, so an outage is one
 * log line per transition and a metric (with a 503 for what must be shared), never a crash;
 * ioredis reconnects alone, and a health ping notices a Redis that stopped answering.
 * `now` is the memory store's clock (tests pass theirs); Redis keeps time by its own clock.
 */
export async function createStateStore(config: StateConfig, logger: Logger, metrics: Metrics, now?: () => number): Promise<GatewayState> {
  if (config.backend === 'memory' || config.url === undefined) {
    metrics.stateUp.set(1)
    return { store: createMemoryStore(now), serving: () => true }
  }
  metrics.stateUp.set(0)
  // Loaded only for this backend: ioredis alone is ~70 ms of a start-up that must stay fast.
  const { createRedisStore } = await import('./redis-store.js')
  const redis = createRedisStore({
    url: config.url,
    prefix: config.prefix,
    onConnectionChange(connected, reason) {
      metrics.stateUp.set(connected ? 1 : 0)
      // The reason is ioredis's message (host:port, never the URL's password); no stack: an
      // outage is an operational state, not a bug.
      if (connected) logger.info('state store (redis) connected: limits, spend and cache are shared')
      else if (config.failOpen) logger.warn({ reason }, 'state store (redis) unreachable: counting locally (per replica) until it returns')
      else logger.warn({ reason }, "state store (redis) unreachable: refusing requests that need a key's limits or budget until it returns (deployments' limits and cooldowns count locally)")
    },
  })
  const store = createFailoverStore(redis, createMemoryStore(), {
    outage: outagePolicy(config.failOpen),
    usable: redis.connected,
    onFailure(operation, err) {
      metrics.stateFailures.inc({ operation })
      // The first failure marks Redis down (logged once, as a transition); until a health
      // ping succeeds, operations skip it instead of each waiting for a timeout.
      if (redis.connected()) redis.markDown(err instanceof Error ? err.message : String(err))
    },
  })
  if (!(await redis.ready(CONNECT_WAIT_MS))) logger.warn('state store (redis) not reachable at start-up; serving anyway and reconnecting in the background')
  return { store, serving: () => redis.connected() || config.failOpen }
}
