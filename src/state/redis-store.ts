import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import { ADD, INCREMENT_FLOAT, TOTAL, TRY_CONSUME } from './redis-scripts.js'
import type { StateStore, WindowResult } from './store.js'

export interface RedisStoreOptions {
  url: string
  /** Prepended to every key, so one Redis can serve several gateways' fleets. */
  prefix?: string
  /** Milliseconds a command may take before it fails (and the caller falls back or refuses). */
  commandTimeoutMs?: number
  /** Called when the connection goes down (with the reason) or comes back (undefined). */
  onConnectionChange?: (up: boolean, reason?: string) => void
}

export interface RedisStore extends StateStore {
  /** Whether the connection is ready now. */
  connected(): boolean
  /** Resolves once connected, or after `timeoutMs` (false) if Redis is not reachable yet. */
  ready(timeoutMs: number): Promise<boolean>
}

interface Script {
  source: string
  sha: string
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') })
const SCRIPTS = { tryConsume: script(TRY_CONSUME), add: script(ADD), total: script(TOTAL), incrementFloat: script(INCREMENT_FLOAT) }

/**
 * The shared store: every operation is one Lua script (or one plain command) run atomically
 * by Redis, so N replicas see one window, one spend counter and one cache. Commands fail fast
 * while disconnected (no offline queue: a request must not wait for a reconnect) and ioredis
 * reconnects by itself with a capped backoff.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? 'switchyard:'
  let up = false
  let closing = false
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  })
  // Listening for 'error' is what keeps a Redis outage from being an unhandled error (a crash);
  // the outage is reported once per transition through onConnectionChange.
  const down = (reason: string) => {
    if (up && !closing) options.onConnectionChange?.(false, reason)
    up = false
  }
  redis.on('ready', () => {
    if (!up) {
      up = true
      options.onConnectionChange?.(true)
    }
  })
  redis.on('error', (err: Error) => down(err.message))
  redis.on('close', () => down('connection closed'))

  const run = async (s: Script, keys: string[], args: (string | number)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(s.sha, keys.length, ...keys, ...args)
    } catch (err) {
      // A Redis that restarted (or never saw the script) loads it on first use.
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(s.source, keys.length, ...keys, ...args)
      throw err
    }
  }
  const windowKeys = (key: string) => [`${prefix}${key}`, `${prefix}${key}:sum`, `${prefix}${key}:seq`]

  return {
    backend: 'redis',
    connected: () => up,
    ready(timeoutMs) {
      if (up) return Promise.resolve(true)
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          redis.off('ready', onReady)
          resolve(false)
        }, timeoutMs)
        const onReady = () => {
          clearTimeout(timer)
          resolve(true)
        }
        redis.once('ready', onReady)
      })
    },
    async tryConsume(key, amount, limit, windowMs): Promise<WindowResult> {
      const reply = await run(SCRIPTS.tryConsume, windowKeys(key), [amount, limit, windowMs])
      if (!Array.isArray(reply) || reply.length !== 3) throw new Error('unexpected reply from the tryConsume script')
      return { allowed: reply[0] === 1, total: Number(reply[1]), retryAfterMs: Number(reply[2]) }
    },
    async add(key, amount, windowMs) {
      await run(SCRIPTS.add, windowKeys(key), [amount, windowMs])
    },
    async total(key, windowMs) {
      return Number(await run(SCRIPTS.total, windowKeys(key).slice(0, 2), [windowMs]))
    },
    async get(key) {
      const value = await redis.get(`${prefix}${key}`)
      return value ?? undefined
    },
    async set(key, value, ttlMs) {
      await redis.set(`${prefix}${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)))
    },
    async delete(key) {
      await redis.del(`${prefix}${key}`, ...windowKeys(key).slice(1))
    },
    async incrementFloat(key, amount, ttlMs) {
      return Number(await run(SCRIPTS.incrementFloat, [`${prefix}${key}`], [amount, ttlMs === undefined ? 0 : Math.round(ttlMs)]))
    },
    async close() {
      closing = true
      redis.disconnect()
    },
  }
}
