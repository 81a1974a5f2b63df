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
  /**
   * Milliseconds between health pings. A frozen Redis (stopped, swapping, a dead link that TCP
   * has not noticed) keeps its connection "ready" while answering nothing; the ping notices.
   */
  healthCheckMs?: number
  /** Called once per transition: down (with the reason), or back up (reason undefined). */
  onConnectionChange?: (up: boolean, reason?: string) => void
}

export interface RedisStore extends StateStore {
  /** Whether Redis answers now: connected, and neither a ping nor an operation has failed since it last answered. */
  connected(): boolean
  /** An operation failed: treat Redis as down until a health ping succeeds. */
  markDown(reason: string): void
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
 * while disconnected (no offline queue: a request must not wait for a reconnect) and time out
 * when Redis does not answer; ioredis reconnects by itself with a capped backoff, and a health
 * ping tells a frozen Redis from a live one.
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
  const answered = () => {
    if (!up && !closing) {
      up = true
      options.onConnectionChange?.(true)
    }
  }
  redis.on('ready', answered)
  redis.on('error', (err: Error) => down(err.message))
  redis.on('close', () => down('connection closed'))
  const health = startHealthPing(redis, options.healthCheckMs ?? 1000, answered, down)

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
    markDown: down,
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
      clearInterval(health)
      redis.disconnect()
    },
  }
}

/** Pings a connected Redis every `everyMs`; the answer (or its timeout) says whether it is up. */
function startHealthPing(redis: Redis, everyMs: number, answered: () => void, down: (reason: string) => void): NodeJS.Timeout {
  let pinging = false
  const timer = setInterval(() => {
    // While disconnected, ioredis's own events tell; one ping at a time.
    if (pinging || redis.status !== 'ready') return
    pinging = true
    redis.ping().then(
      () => answered(),
      (err: unknown) => down(`no answer to a health ping (${err instanceof Error ? err.message : String(err)})`),
    ).finally(() => {
      pinging = false
    })
  }, everyMs)
  // The ping must not keep a process alive that is otherwise done.
  timer.unref()
  return timer
}
