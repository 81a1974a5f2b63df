import { LRUCache } from 'lru-cache'
import type { CacheConfig } from '../config/types.js'
import type { StateStore } from '../state/store.js'

/** Where cached answers live in a shared state store. */
export const CACHE_PREFIX = 'cache:'

/** Cached answers by request key: a JSON body, or the SSE text of a whole stream. */
export interface ResponseCache {
  get(key: string): Promise<string | undefined>
  /** Not awaited by callers: storing never delays an answer. */
  set(key: string, value: string): void
}

/**
 * Memory (one replica): a bounded LRU with the TTL. Redis: the shared state store, so every
 * replica serves every other's entries, each expiring by its TTL. A cache that fails is a
 * miss, never an error: the request is simply answered by the upstream.
 */
export function createResponseCache(state: StateStore, config: () => CacheConfig, now?: () => number): ResponseCache {
  if (state.backend === 'memory') {
    // A given clock (a test's) is read at every check; by default lru-cache reads performance.now(), debounced.
    const clock = now === undefined ? {} : { perf: { now }, ttlResolution: 0 }
    // The bound is fixed at start-up; the TTL is read per entry, so a reloaded config applies.
    const lru = new LRUCache<string, string>({ max: config().maxEntries, ttl: config().ttlMs, ...clock })
    return {
      get: async (key) => lru.get(key),
      set: (key, value) => void lru.set(key, value, { ttl: config().ttlMs }),
    }
  }
  return {
    get: (key) => state.get(`${CACHE_PREFIX}${key}`).catch(() => undefined),
    set: (key, value) => void state.set(`${CACHE_PREFIX}${key}`, value, config().ttlMs).catch(() => undefined),
  }
}

/** `cache-control: no-cache` (don't answer from the cache) or `no-store` (nor keep this answer). */
export function cacheBypass(cacheControl: string | undefined): { read: boolean; write: boolean } {
  if (cacheControl === undefined) return { read: true, write: true }
  const directives = cacheControl.toLowerCase()
  const noStore = directives.includes('no-store')
  return { read: !noStore && !directives.includes('no-cache'), write: !noStore }
}

/** A cached stream's SSE text, one event at a time (as the client first received it). */
export async function* replayStream(sse: string): AsyncGenerator<string> {
  let start = 0
  for (;;) {
    const end = sse.indexOf('\n\n', start)
    if (end === -1) break
    yield sse.slice(start, end + 2)
    start = end + 2
  }
  if (start < sse.length) yield sse.slice(start)
}
