import { LRUCache } from 'lru-cache'
import type { StateStore, WindowResult } from './store.js'

/**
 * One sliding window: its events in time order (events of the same millisecond merged, so a
 * window never holds more than windowMs entries) and their running total. Expired events are
 * dropped from the head, so a check costs O(expired events), not O(window): at 1,000 requests
 * a second a minute's window holds 60,000 events, and summing them per request was the
 * gateway's single largest cost (measured in npm run bench).
 */
class Window {
  times: number[] = []
  amounts: number[] = []
  head = 0
  total = 0

  trim(cutoff: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) {
      this.total -= this.amounts[this.head]!
      this.head++
    }
    if (this.head === this.times.length) {
      this.times = []
      this.amounts = []
      this.head = 0
      this.total = 0
    } else if (this.head > 1024 && this.head * 2 > this.times.length) {
      // Compact once the dropped head outweighs the live events: amortised O(1) per event.
      this.times = this.times.slice(this.head)
      this.amounts = this.amounts.slice(this.head)
      this.head = 0
    }
  }

  push(at: number, amount: number): void {
    const last = this.times.length - 1
    if (last >= this.head && this.times[last] === at) this.amounts[last]! += amount
    else {
      this.times.push(at)
      this.amounts.push(amount)
    }
    this.total += amount
  }

  /** When enough of the oldest events will have expired for `excess` to be gone. */
  freedAt(excess: number, windowMs: number): number | undefined {
    for (let i = this.head; i < this.times.length; i++) {
      excess -= this.amounts[i]!
      if (excess <= 0) return this.times[i]! + windowMs
    }
    return undefined
  }
}

export interface MemoryStoreOptions {
  /**
   * Most keys held; past it the least recently used goes. A safety net for the configured store
   * (its keys come from the config: keys, deployments); the real bound for state kept per name a
   * client chose (routing/deployment-state.ts keeps that in a small store of its own).
   */
  maxKeys?: number
}

/** Far above what a config's keys and deployments use (a handful of keys each). */
export const DEFAULT_MAX_KEYS = 100_000

type Entry = { kind: 'window'; window: Window } | { kind: 'value'; value: string; expires: number } | { kind: 'float'; value: number; expires: number }

/**
 * The single-instance store. Windows keep their events (time, amount) and drop the expired
 * ones lazily; values carry their expiry. Every key lives in one LRU with a cap, so whatever
 * names reach it, it never holds more than `maxKeys` entries (an expired entry is dropped when
 * read, and any entry when it is the least recently used one at the cap). Made per gateway.
 */
export function createMemoryStore(now: () => number = Date.now, options: MemoryStoreOptions = {}): StateStore {
  const entries = new LRUCache<string, Entry>({ max: options.maxKeys ?? DEFAULT_MAX_KEYS })

  // An entry of another kind under a key counts as absent (and is replaced on write).
  const windowAt = (key: string) => {
    const e = entries.get(key)
    return e?.kind === 'window' ? e.window : undefined
  }
  const valueAt = (key: string) => {
    const e = entries.get(key)
    return e?.kind === 'value' ? e : undefined
  }
  const floatAt = (key: string) => {
    const e = entries.get(key)
    return e?.kind === 'float' ? e : undefined
  }

  const live = (key: string, windowMs: number, create: boolean): Window | undefined => {
    let window = windowAt(key)
    if (window === undefined) {
      if (!create) return undefined
      window = new Window()
      entries.set(key, { kind: 'window', window })
    }
    window.trim(now() - windowMs)
    if (window.times.length === 0 && !create) {
      entries.delete(key)
      return undefined
    }
    return window
  }

  return {
    backend: 'memory',
    async tryConsume(key, amount, limit, windowMs): Promise<WindowResult> {
      const window = live(key, windowMs, true)!
      const total = window.total
      if (total + amount <= limit) {
        window.push(now(), amount)
        return { allowed: true, total: total + amount, retryAfterMs: 0 }
      }
      // Wait until enough of the oldest events expire for `amount` to fit.
      const retryAt = window.freedAt(total + amount - limit, windowMs) ?? now() + windowMs
      return { allowed: false, total, retryAfterMs: Math.max(1, retryAt - now()) }
    },
    async add(key, amount, windowMs) {
      live(key, windowMs, true)!.push(now(), amount)
    },
    async total(key, windowMs) {
      return live(key, windowMs, false)?.total ?? 0
    },
    async get(key) {
      const v = valueAt(key)
      if (v === undefined) return undefined
      if (v.expires <= now()) {
        entries.delete(key)
        return undefined
      }
      return v.value
    },
    async set(key, value, ttlMs) {
      entries.set(key, { kind: 'value', value, expires: now() + ttlMs })
    },
    async delete(key) {
      entries.delete(key)
    },
    async incrementFloat(key, amount, ttlMs) {
      const t = now()
      let v = floatAt(key)
      if (v === undefined || v.expires <= t) {
        v = { kind: 'float', value: 0, expires: ttlMs === undefined ? Number.POSITIVE_INFINITY : t + ttlMs }
        entries.set(key, v)
      }
      v.value += amount
      return v.value
    },
    async close() {
      entries.clear()
    },
  }
}
