import type { Passthrough } from '../types.js'
import { ANTHROPIC_VERSION } from './build-request.js'
import { streamErrorToGateway } from './parse-error.js'

/** Where each Messages-family protocol lives under Anthropic's base URL. */
const PATHS = { 'anthropic-messages': '/v1/messages', 'anthropic-count-tokens': '/v1/messages/count_tokens' } as const

/**
 * Anthropic's own protocol: the client's body as it sent it (model replaced), its
 * `anthropic-version` and `anthropic-beta` headers, and the provider's key. The headers
 * configured in routes.yaml go last, so an operator can pin a version or add a beta.
 *
 * The client's `?beta=true` (the SDKs' beta namespace and Claude Code add it) is kept: the real
 * API accepts it on both paths, and an Anthropic-compatible server that does not know it ignores
 * a query; dropping it could only change what the real API answers.
 */
export const anthropicPassthrough: Passthrough = {
  speaks: (protocol) => protocol === 'anthropic-messages' || protocol === 'anthropic-count-tokens',
  request(req, ctx) {
    const path = req.protocol === 'anthropic-count-tokens' ? PATHS['anthropic-count-tokens'] : PATHS['anthropic-messages']
    const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION, ...req.headers }
    if (ctx.provider.apiKey !== undefined) headers['x-api-key'] = ctx.provider.apiKey
    for (const [name, value] of Object.entries(ctx.provider.headers)) headers[name.toLowerCase()] = value
    return { url: `${ctx.provider.baseUrl}${path}${req.query ?? ''}`, method: 'POST', headers, body: req.body(ctx.model), framing: 'sse' }
  },
  streamError: streamErrorToGateway,
}
