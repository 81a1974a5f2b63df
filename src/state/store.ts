/**
 * Shared state: rate windows, cooldowns, spend and cache entries. `memory` serves one
 * instance; `redis` (the access issue) makes every replica see the same numbers. Every
 * operation is atomic in the backend, so a limit is exact across replicas.
 */
export interface WindowResult {
  /** Whether `amount` fitted under the limit (and was therefore added). */
  allowed: boolean
  /** The window's total after this call. */
  total: number
  /** When not allowed: milliseconds until enough of the window expires for `amount` to fit. */
  retryAfterMs: number
}

export interface StateStore {
  readonly backend: 'memory' | 'redis'
  /**
   * Sliding window over the last `windowMs`: if total + amount <= limit, record `amount` now
   * and allow; otherwise record nothing.
   */
  tryConsume(key: string, amount: number, limit: number, windowMs: number): Promise<WindowResult>
  /** Records `amount` now without a limit (tokens are known only after the answer). */
  add(key: string, amount: number, windowMs: number): Promise<void>
  /** The window's total. */
  total(key: string, windowMs: number): Promise<number>
  get(key: string): Promise<string | undefined>
  /** Sets a value that expires after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  /** Adds to a float counter (spend); the counter expires `ttlMs` after it was created, when given. */
  incrementFloat(key: string, amount: number, ttlMs?: number): Promise<number>
  close(): Promise<void>
}
