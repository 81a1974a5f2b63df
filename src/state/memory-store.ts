import type { StateStore, WindowResult } from './store.js'

interface Entry {
  at: number
  amount: number
}

/**
 * The single-instance store. Windows keep their events (time, amount) and drop the expired
 * ones lazily; values carry their expiry. Made per gateway (no module state).
 */
export function createMemoryStore(now: () => number = Date.now): StateStore {
  const windows = new Map<string, Entry[]>()
  const values = new Map<string, { value: string; expires: number }>()
  const floats = new Map<string, { value: number; expires: number }>()

  const live = (key: string, windowMs: number): Entry[] => {
    const entries = windows.get(key)
    if (entries === undefined) return []
    const cutoff = now() - windowMs
    let drop = 0
    while (drop < entries.length && entries[drop]!.at <= cutoff) drop++
    if (drop > 0) entries.splice(0, drop)
    if (entries.length === 0) windows.delete(key)
    return entries
  }
  const sum = (entries: Entry[]) => entries.reduce((s, e) => s + e.amount, 0)
  const push = (key: string, amount: number) => {
    let entries = windows.get(key)
    if (entries === undefined) {
      entries = []
      windows.set(key, entries)
    }
    entries.push({ at: now(), amount })
  }

  return {
    backend: 'memory',
    async tryConsume(key, amount, limit, windowMs): Promise<WindowResult> {
      const entries = live(key, windowMs)
      const total = sum(entries)
      if (total + amount <= limit) {
        push(key, amount)
        return { allowed: true, total: total + amount, retryAfterMs: 0 }
      }
      // Wait until enough of the oldest events expire for `amount` to fit.
      let excess = total + amount - limit
      let retryAt = now() + windowMs
      for (const e of entries) {
        excess -= e.amount
        if (excess <= 0) {
          retryAt = e.at + windowMs
          break
        }
      }
      return { allowed: false, total, retryAfterMs: Math.max(1, retryAt - now()) }
    },
    async add(key, amount, windowMs) {
      live(key, windowMs)
      push(key, amount)
    },
    async total(key, windowMs) {
      return sum(live(key, windowMs))
    },
    async get(key) {
      const v = values.get(key)
      if (v === undefined) return undefined
      if (v.expires <= now()) {
        values.delete(key)
        return undefined
      }
      return v.value
    },
    async set(key, value, ttlMs) {
      values.set(key, { value, expires: now() + ttlMs })
    },
    async delete(key) {
      values.delete(key)
      windows.delete(key)
      floats.delete(key)
    },
    async incrementFloat(key, amount, ttlMs) {
      const t = now()
      let v = floats.get(key)
      if (v === undefined || v.expires <= t) {
        v = { value: 0, expires: ttlMs === undefined ? Number.POSITIVE_INFINITY : t + ttlMs }
        floats.set(key, v)
      }
      v.value += amount
      return v.value
    },
    async close() {
      windows.clear()
      values.clear()
      floats.clear()
    },
  }
}
