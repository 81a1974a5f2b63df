import type { ChatRequest, JsonObject } from '../../canonical/chat.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import { encodeChatRequest } from '../../wire/openai-chat/encode-request.js'
import type { WireProtocol } from '../../wire/protocols.js'
import type { CallContext, PassthroughRequest, UpstreamRequest } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'

/**
 * Request headers: the given auth headers, `content-type`, the client headers a passthrough
 * forwards, then the provider's own headers from routes.yaml. Names are lower-cased so a
 * configured `Authorization` replaces ours instead of being sent twice.
 */
export function upstreamHeaders(ctx: CallContext, auth: Record<string, string>, forwarded: Readonly<Record<string, string>> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...forwarded, ...auth }
  for (const [name, value] of Object.entries(ctx.provider.headers)) headers[name.toLowerCase()] = value
  return headers
}

/** `authorization: Bearer <key>`, only when a key is configured (local servers often need none). */
export function bearerAuth(ctx: CallContext): Record<string, string> {
  return ctx.provider.apiKey === undefined || ctx.provider.apiKey === '' ? {} : { authorization: `Bearer ${ctx.provider.apiKey}` }
}

/** A canonical request (from a front door of another protocol) as an OpenAI chat body. */
export function encodeChat(req: ChatRequest, ctx: CallContext): JsonObject {
  return encodeChatRequest(req, { unsupported: (param, why) => unsupportedParam(ctx, param, why) })
}

export function buildChatRequest(req: ChatRequest, ctx: CallContext): UpstreamRequest {
  return {
    url: `${ctx.provider.baseUrl}/chat/completions`,
    method: 'POST',
    headers: upstreamHeaders(ctx, bearerAuth(ctx)),
    body: JSON.stringify(mergeOptions(encodeChat(req, ctx), req.providerOptions?.[ctx.provider.kind])),
    framing: 'sse',
  }
}

/** Where each OpenAI protocol lives under an OpenAI-compatible base URL. */
const PATHS: Partial<Record<WireProtocol, string>> = {
  'openai-chat': '/chat/completions',
  'openai-completions': '/completions',
  'openai-embeddings': '/embeddings',
  'openai-responses': '/responses',
}

/** Whether an OpenAI-compatible provider serves `protocol` (the Responses API only when its options say so). */
export function openaiSpeaks(protocol: WireProtocol, options: Readonly<Record<string, unknown>>): boolean {
  if (protocol === 'openai-responses') return options.responses_api === true
  return protocol === 'openai-chat' || protocol === 'openai-completions' || protocol === 'openai-embeddings'
}

/** The client's bytes, model replaced, to the protocol's path. */
export function buildPassthroughRequest(req: PassthroughRequest, ctx: CallContext): UpstreamRequest {
  const path = PATHS[req.protocol] ?? '/chat/completions'
  return {
    url: `${ctx.provider.baseUrl}${path}`,
    method: 'POST',
    headers: upstreamHeaders(ctx, bearerAuth(ctx), req.headers),
    body: req.body(ctx.model),
    framing: 'sse',
  }
}
