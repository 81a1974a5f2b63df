/**
 * The one place that talks HTTP to upstream providers: undici `Agent.request()` (about a
 * fifth of the CPU of global fetch per proxied request, measured in bench/). Adapters only
 * describe requests; this sends them, with the route's timeouts and the caller's signal.
 */
import { Agent, type Dispatcher } from 'undici'
import type { IncomingHttpHeaders } from 'node:http'
import type { UpstreamRequest } from '../providers/types.js'
import { mapNetworkError } from './map-network-error.js'

export interface UpstreamResponse {
  status: number
  headers: IncomingHttpHeaders | Record<string, string>
  body: AsyncIterable<Uint8Array>
  /** Releases the connection without reading the rest of the body. */
  discard(): void
}

export interface SendOptions {
  signal: AbortSignal
  connectTimeoutMs: number
  /** Longest wait for the response headers. */
  headersTimeoutMs: number
  /** Longest gap between two body chunks. */
  bodyTimeoutMs: number
  /** Provider name for error messages, and the pool the request goes through. */
  provider: string
  /** Most connections open at once to the provider (per origin); default DEFAULT_MAX_CONNECTIONS. */
  maxConnections?: number
}

/** One provider's upstream connections right now, for the metrics scrape. */
export interface PoolSnapshot {
  provider: string
  /** Requests sent and not yet finished (each holds a connection, or waits for one). */
  inFlight: number
  /** Requests waiting inside the gateway for a free connection. */
  queued: number
  /** Sockets open. */
  connected: number
}

export interface UpstreamClient {
  send(req: UpstreamRequest, options: SendOptions): Promise<UpstreamResponse>
  /** Each provider's pool, read when /metrics is scraped. */
  pools(): PoolSnapshot[]
  close(): Promise<void>
}

/**
 * Connections per provider when routes.yaml does not say: an LLM stream holds its connection
 * for seconds to minutes, so a busy gateway holds thousands to one provider, and a smaller pool
 * would be a queue nobody sees.
 */
export const DEFAULT_MAX_CONNECTIONS = 4096

export interface UpstreamClientOptions {
  keepAliveTimeoutMs?: number
  /** Called when a request has to wait for a free connection (its provider's pool is full). */
  onWait?: (provider: string) => void
}

/** A provider's dispatcher and the requests it has in flight (our count: the check costs nothing). */
interface ProviderPool {
  provider: string
  agent: Agent
  limit: number
  inFlight: number
}

export function createUpstreamClient(options: UpstreamClientOptions = {}): UpstreamClient {
  // One Agent per provider (its own connection limit), and per connect timeout (undici sets
  // that per Agent); an Agent keeps one pool per origin.
  const pools = new Map<string, ProviderPool>()
  const poolFor = (opts: SendOptions): ProviderPool => {
    const limit = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS
    const key = `${opts.provider}\n${opts.connectTimeoutMs}\n${limit}`
    let pool = pools.get(key)
    if (pool === undefined) {
      const agent = new Agent({ connections: limit, keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000, connect: { timeout: opts.connectTimeoutMs } })
      pool = { provider: opts.provider, agent, limit, inFlight: 0 }
      pools.set(key, pool)
    }
    return pool
  }

  return {
    async send(req, opts) {
      if (req.local !== undefined) {
        const local = await req.local(opts.signal)
        return { status: local.status, headers: local.headers, body: local.body, discard: () => undefined }
      }
      const pool = poolFor(opts)
      if (pool.inFlight >= pool.limit) options.onWait?.(opts.provider)
      pool.inFlight++
      let done = false
      const finish = (): void => {
        if (done) return
        done = true
        pool.inFlight--
      }
      try {
        const res = await pool.agent.request(requestOptions(req, opts))
        const body = res.body
        return {
          status: res.statusCode,
          headers: res.headers,
          body: mapBodyErrors(body, opts, finish),
          discard: () => {
            finish()
            body.destroy()
          },
        }
      } catch (err) {
        finish()
        throw mapNetworkError(err, opts)
      }
    },
    pools: () => snapshot(pools.values()),
    async close() {
      await Promise.all([...pools.values()].map((p) => p.agent.close()))
      pools.clear()
    },
  }
}

function requestOptions(req: UpstreamRequest, opts: SendOptions): Dispatcher.RequestOptions {
  const url = new URL(req.url)
  return {
    origin: url.origin,
    path: url.pathname + url.search,
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: opts.signal,
    headersTimeout: opts.headersTimeoutMs,
    bodyTimeout: opts.bodyTimeoutMs,
  }
}

/** Per provider: in flight (our count), and from undici's own pools, queued and connected. */
function snapshot(pools: Iterable<ProviderPool>): PoolSnapshot[] {
  const byProvider = new Map<string, PoolSnapshot>()
  for (const pool of pools) {
    const s = byProvider.get(pool.provider) ?? { provider: pool.provider, inFlight: 0, queued: 0, connected: 0 }
    s.inFlight += pool.inFlight
    for (const stats of Object.values(pool.agent.stats)) {
      // A pool of one connection is a Client, whose `connected` is a boolean.
      s.connected += Number(stats.connected)
      if ('queued' in stats) s.queued += stats.queued
    }
    byProvider.set(pool.provider, s)
  }
  return [...byProvider.values()]
}

/** Body read errors (resets, idle timeouts) become GatewayErrors too. */
async function* mapBodyErrors(body: AsyncIterable<Uint8Array>, opts: SendOptions, finish: () => void): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk
  } catch (err) {
    throw mapNetworkError(err, opts)
  } finally {
    finish()
  }
}
