import { responseCacheKey } from '../cache/cache-key.js'
import { cacheBypass, replayStream } from '../cache/response-cache.js'
import type { RouteConfig } from '../config/types.js'
import { costHeader } from '../access/account.js'
import { jsonResponse } from '../http/json-answer.js'
import { writeStream } from '../http/write-stream.js'
import type { Exchange } from './exchange.js'
import type { RequestContext } from './request-context.js'
import type { RequestScope } from './request-scope.js'

/** A request the cache did not answer: the headers that say so, and how to keep its answer. */
export interface CacheMiss {
  hit?: undefined
  /** Keeps the answer for the next identical request; undefined when not to be stored. */
  store?: (answer: string) => void
  headers: Readonly<Record<string, string>>
}

export type CacheOutcome = { hit: Response } | CacheMiss

/** The outcome for requests the cache does not serve: nothing to add, nothing to keep. */
export const NO_CACHE: CacheMiss = Object.freeze({ headers: Object.freeze({}) })

/**
 * For a route with `cache: true` and an exchange that may be cached: the cached answer (a JSON
 * body, or a stream replayed event by event), or how to keep this one. A hit costs nothing, so
 * its cost header says 0.
 */
export async function consultCache(rc: RequestContext, scope: RequestScope, route: RouteConfig, exchange: Exchange): Promise<CacheOutcome> {
  if (route.cache !== true || exchange.cacheBody === undefined) return NO_CACHE
  const { cache, metrics } = rc.deps
  const bypass = cacheBypass(rc.http.req.header('cache-control'))
  const key = responseCacheKey(rc.door.endpoint, route.name, exchange.cacheBody)
  const hit = bypass.read ? await cache.get(key) : undefined
  metrics.cacheRequests.inc({ route: route.label, result: hit === undefined ? 'miss' : 'hit' })
  if (hit === undefined) return { store: bypass.write ? (answer) => cache.set(key, answer) : undefined, headers: { 'x-switchyard-cache': 'miss' } }

  const headers = { 'x-switchyard-cache': 'hit', ...costHeader(0) }
  scope.end({ status: 200, cacheHit: true, finished: true })
  if (exchange.stream) return { hit: await writeStream(rc.http, headers, replayStream(hit)) }
  return { hit: jsonResponse(rc.http, 200, hit, headers) }
}
