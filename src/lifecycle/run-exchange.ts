import { admit } from '../access/admit.js'
import { keyLabel } from '../access/master-key.js'
import type { RouteConfig } from '../config/types.js'
import type { Answer } from '../routing/answer.js'
import { execute } from '../routing/execute.js'
import { eligibleDeployments, requireCapabilities } from '../routing/require-capabilities.js'
import { answerJson } from './answer-json.js'
import { answerStream, keptAliveStream } from './answer-stream.js'
import { consultCache } from './cache.js'
import type { Exchange } from './exchange.js'
import { settlesWithin } from './keep-alive.js'
import type { RequestContext } from './request-context.js'
import type { RequestScope } from './request-scope.js'
import { routeOrNotFound } from './resolve-route.js'
import { routeLifecycle } from './deprecation.js'

/**
 * The routed part of the lifecycle, the same for every front door, streams and JSON alike:
 * route → admit the key → capabilities → cache → execute (the attempt loop) → answer. The
 * scope ends on every path: here for a cache hit, in the answer for a JSON body or a stream,
 * and in the caller's catch for anything thrown.
 */
export async function runExchange(rc: RequestContext, scope: RequestScope, exchange: Exchange): Promise<Response> {
  const requested = routeOrNotFound(rc.config, exchange.model)
  const addHeaders = (headers: Record<string, string>): void => rc.http.set('answerHeaders', { ...rc.http.get('answerHeaders'), ...headers })
  const route = routeLifecycle(rc.config, requested, rc.now(), rc.deps.metrics, keyLabel(rc.key), addHeaders)
  scope.routed(route)
  const admitted = admit(rc.deps.state, rc.key, exchange.model)
  if (admitted !== undefined) await admitted
  const eligible = requireCapabilities(rc.config, rc.deps.adapters, route, exchange.needs)
  const cache = await consultCache(rc, scope, route, exchange)
  if (cache.hit !== undefined) return cache.hit

  const fallbackEligible = (r: RouteConfig): RouteConfig | undefined => {
    const e = eligibleDeployments(rc.config, rc.deps.adapters, r, exchange.needs)
    return e.ok ? e.route : undefined
  }
  const executing = execute<Answer>(rc.deps, {
    config: rc.config,
    route: eligible,
    requestId: rc.requestId,
    signal: rc.signal(),
    stream: exchange.stream,
    attempt: exchange.attempt,
    eligible: fallbackEligible,
  })
  const keepaliveMs = route.timeouts.keepaliveMs
  // Only on a real socket: the keep-alive lines are for proxies between the client and us.
  if (exchange.stream && keepaliveMs > 0 && rc.http.env?.outgoing !== undefined && !(await settlesWithin(executing, keepaliveMs))) {
    return keptAliveStream(rc, scope, executing, keepaliveMs, cache, exchange.streamError)
  }
  const execution = await executing
  if (!execution.ok) {
    scope.attempts(execution.attempts)
    throw execution.error
  }
  const { executed } = execution
  scope.answered(executed)
  const answer = executed.value
  return answer.kind === 'json' ? answerJson(rc, scope, executed, answer, cache) : answerStream(rc, scope, executed, answer, cache)
}
