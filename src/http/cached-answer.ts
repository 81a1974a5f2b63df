import type { Context } from 'hono'
import { responseCacheKey } from '../cache/cache-key.js'
import { cacheBypass, replayStream, type ResponseCache } from '../cache/response-cache.js'
import type { ChatRequest } from '../canonical/chat.js'
import type { RouteConfig } from '../config/types.js'
import type { GatewayDeps } from '../deps.js'
import { labelsFor } from '../routing/labels.js'
import { costHeader } from '../access/account.js'
import type { GatewayEnv } from './env.js'
import { jsonAnswer } from './json-answer.js'
import { observeRequest, type Endpoint } from './observe.js'
import { writeStream } from './write-stream.js'

export type CacheOutcome =
  | { hit: Response }
  | {
      hit?: undefined
      /** Keeps the answer for the next identical request; undefined when not to be stored. */
      store?: (answer: string) => void
      headers: Record<string, string>
    }

/** The outcome for routes without the cache: nothing to add, nothing to keep. */
export const NO_CACHE: CacheOutcome = Object.freeze({ headers: Object.freeze({}) })

/**
 * For a route with `cache: true` (callers skip the call otherwise): the cached answer (a JSON body, or a stream replayed event
 * by event), or how to keep this one. A hit costs nothing, so its cost header says 0.
 */
export async function consultCache(c: Context<GatewayEnv>, deps: GatewayDeps, cache: ResponseCache, endpoint: Endpoint, route: RouteConfig, request: ChatRequest): Promise<CacheOutcome> {
  const bypass = cacheBypass(c.req.header('cache-control'))
  const key = responseCacheKey(endpoint, route.name, request.raw)
  const hit = bypass.read ? await cache.get(key) : undefined
  deps.metrics.cacheRequests.inc({ route: route.label, result: hit === undefined ? 'miss' : 'hit' })
  if (hit === undefined) return { store: bypass.write ? (answer) => cache.set(key, answer) : undefined, headers: { 'x-switchyard-cache': 'miss' } }

  const headers = { 'x-switchyard-cache': 'hit', ...costHeader(0) }
  observeRequest(deps, { requestId: c.get('requestId'), endpoint, labels: labelsFor(route, undefined), status: 200, stream: request.stream, durationMs: performance.now() - c.get('receivedAt'), costUsd: 0, cacheHit: true })
  if (request.stream) return { hit: await writeStream(c, headers, replayStream(hit)) }
  return { hit: jsonAnswer(c, hit, headers) }
}
