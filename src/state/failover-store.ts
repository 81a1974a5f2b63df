import { assertNever } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { StateStore } from './store.js'

/**
 * What an operation on a key does while the shared store is unusable:
 * - `local`: served by this process's memory (limits count per replica until it returns);
 * - `refuse`: a 503 `state_unavailable` (the request needs shared state it cannot have);
 * - `miss`: the error is passed on for the caller to treat as a miss (cached answers: a local
 *   copy would not be bounded by the cache's LRU).
 */
export type OutagePolicy = 'local' | 'refuse' | 'miss'

export interface FailoverOptions {
  /** The policy for a key (create-state.ts decides by what the key holds). */
  outage(key: string): OutagePolicy
  /**
   * Whether the shared store is usable now. While false, operations go straight to their
   * outage policy instead of waiting for a command timeout each (a frozen Redis would
   * otherwise cost every request a second per operation).
   */
  usable?: () => boolean
  /** Called for each operation the shared store did not serve (it failed, or was skipped while unusable). */
  onFailure(operation: string, err: unknown): void
}

class Unusable extends Error {
  constructor() {
    super('the shared state store is unusable')
    this.name = 'Unusable'
  }
}

const refusal = (cause: unknown) =>
  new GatewayError('unavailable', 'The gateway cannot reach its shared state store (Redis) and is configured to refuse requests it cannot count (state.fail_open: false). Retry shortly.', {
    code: 'state_unavailable',
    retryAfterSeconds: 1,
    // A protection the gateway enforces and cannot check right now (fail_open off).
    blame: 'policy',
    cause,
  })

/**
 * The shared store with a local one behind it. While the shared store fails, each key follows
 * its outage policy. Never throws anything but a GatewayError (or, for `miss` keys, the
 * shared store's own error), so an outage never becomes a 500 or a crash.
 */
export function createFailoverStore(shared: StateStore, local: StateStore, options: FailoverOptions): StateStore {
  const guard =
    <A extends [string, ...unknown[]], R>(operation: string, call: (s: StateStore, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      let failure: unknown
      if (options.usable?.() === false) failure = new Unusable()
      else {
        try {
          return await call(shared, ...args)
        } catch (err) {
          failure = err
        }
      }
      options.onFailure(operation, failure)
      const policy = options.outage(args[0])
      switch (policy) {
        case 'local':
          return call(local, ...args)
        case 'refuse':
          throw refusal(failure)
        case 'miss':
          throw failure
        default:
          return assertNever(policy)
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
