import { LRUCache } from 'lru-cache'
import { GatewayError } from '../errors/gateway-error.js'
import type { StateStore } from './store.js'

/** Where stored records (the Responses API's stored responses) live in a shared state store. */
export const RECORD_PREFIX = 'records:'

/** Limits of a record store; read on every write, so a reloaded config applies to new records. */
export interface RecordLimits {
  ttlMs: number
  /** Memory backend: most records kept (fixed when the store is made). */
  maxEntries: number
}

/**
 * Documents kept for a while by id (a stored response and its input): JSON text, each with a
 * time to live. Memory (one replica): a bounded LRU, so records can never outgrow the process.
 * Redis: the shared state store, so every replica reads every other's; each key expires with its
 * TTL. A store that cannot be reached is a 503 the client can retry, never a 500.
 */
export interface RecordStore {
  get(id: string): Promise<string | undefined>
  set(id: string, value: string): Promise<void>
  delete(id: string): Promise<void>
}

export function createRecordStore(state: StateStore, limits: () => RecordLimits): RecordStore {
  if (state.backend === 'memory') {
    const lru = new LRUCache<string, string>({ max: limits().maxEntries, ttl: limits().ttlMs })
    return {
      get: async (id) => lru.get(id),
      set: async (id, value) => void lru.set(id, value, { ttl: limits().ttlMs }),
      delete: async (id) => void lru.delete(id),
    }
  }
  const key = (id: string) => `${RECORD_PREFIX}${id}`
  return {
    get: (id) => guarded(() => state.get(key(id))),
    set: (id, value) => guarded(() => state.set(key(id), value, limits().ttlMs)),
    delete: (id) => guarded(() => state.delete(key(id))),
  }
}

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (err) {
    if (err instanceof GatewayError) throw err
    throw new GatewayError('unavailable', 'The gateway cannot reach its shared state store (Redis), where stored responses are kept. Retry shortly.', { code: 'state_unavailable', retryAfterSeconds: 1, cause: err })
  }
}
