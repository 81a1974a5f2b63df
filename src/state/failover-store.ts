import { GatewayError } from '../errors/gateway-error.js'
import type { StateStore } from './store.js'

export interface FailoverOptions {
  /** true: count locally while the shared store is unreachable; false: refuse with 503. */
  failOpen: boolean
  /** Called for each operation that the shared store failed (to log and count it). */
  onFailure(operation: string, err: unknown): void
  /**
   * Keys that must not fall back to the local store even when failing open (cached answers:
   * a cache that fails is a miss, and a local copy would grow without the LRU's bound).
   */
  sharedOnly?: (key: string) => boolean
}

/**
 * The shared store with a local one behind it. While the shared store fails, each replica
 * counts on its own (limits become per replica until it comes back: the documented cost of
 * staying up) or, with fail_open off, the request is refused. Never throws anything but a
 * GatewayError, so an outage never becomes a 500 or a crash.
 */
export function createFailoverStore(shared: StateStore, local: StateStore, options: FailoverOptions): StateStore {
  const guard = <A extends [string, ...unknown[]], R>(operation: string, call: (s: StateStore, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(shared, ...args)
      } catch (err) {
        options.onFailure(operation, err)
        if (options.sharedOnly?.(args[0]) === true) throw err
        if (!options.failOpen) {
          throw new GatewayError('unavailable', 'The gateway cannot reach its shared state store (Redis) and is configured to refuse requests it cannot count (state.fail_open: false). Retry shortly.', {
            code: 'state_unavailable',
            retryAfterSeconds: 1,
            // A protection the gateway enforces and cannot check right now (fail_open off).
            blame: 'policy',
            cause: err,
          })
        }
        return call(local, ...args)
      }
    }
  return {
    backend: shared.backend,
    tryConsume: guard('tryConsume', (s, key: string, amount: number, limit: number, windowMs: number) => s.tryConsume(key, amount, limit, windowMs)),
    add: guard('add', (s, key: string, amount: number, windowMs: number) => s.add(key, amount, windowMs)),
    total: guard('total', (s, key: string, windowMs: number) => s.total(key, windowMs)),
    get: guard('get', (s, key: string) => s.get(key)),
    set: guard('set', (s, key: string, value: string, ttlMs: number) => s.set(key, value, ttlMs)),
    delete: guard('delete', (s, key: string) => s.delete(key)),
    incrementFloat: guard('incrementFloat', (s, key: string, amount: number, ttlMs?: number) => s.incrementFloat(key, amount, ttlMs)),
    async close() {
      await Promise.all([shared.close(), local.close()])
    },
  }
}
