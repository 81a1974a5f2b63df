import type { Context } from 'hono'
import type { GatewayDeps } from '../deps.js'
import { decodeCompletionsRequest } from '../wire/decode-completions-request.js'
import { runChat } from './chat.js'
import type { ResponseCache } from '../cache/response-cache.js'
import type { GatewayEnv } from './env.js'
import { readJsonBody } from './read-json-body.js'
import { routeOrNotFound } from './resolve-route.js'

/** POST /v1/completions: relayed to native completions endpoints, translated through chat elsewhere. */
export function completionsHandler(deps: GatewayDeps, cache: ResponseCache) {
  return async function completions(c: Context<GatewayEnv>): Promise<Response> {
    const config = deps.config()
    const body = await readJsonBody(c, config.server.maxBodyBytes)
    const { request, requestedModel, promptCount } = decodeCompletionsRequest(body)
    const route = routeOrNotFound(config, requestedModel)
    return runChat(c, deps, cache, 'completions', route, request, {
      request,
      unmodelled: [],
      promptCount,
      meta: { id: `cmpl-${c.get('requestId')}`, created: Math.floor(Date.now() / 1000), model: requestedModel },
      mode: 'completions',
    })
  }
}
