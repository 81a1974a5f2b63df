import type { ChatRequest, JsonObject } from '../../canonical/chat.js'
import type { CallContext, UpstreamRequest } from '../types.js'
import { isRecord } from './json-fields.js'

/**
 * Request headers: the given auth headers, `content-type`, then the provider's own headers
 * from routes.yaml. Names are lower-cased so a configured `Authorization` replaces ours
 * instead of being sent twice.
 */
export function upstreamHeaders(ctx: CallContext, auth: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...auth }
  for (const [name, value] of Object.entries(ctx.provider.headers)) headers[name.toLowerCase()] = value
  return headers
}

/** `authorization: Bearer <key>`, only when a key is configured (local servers often need none). */
export function bearerAuth(ctx: CallContext): Record<string, string> {
  return ctx.provider.apiKey === undefined || ctx.provider.apiKey === '' ? {} : { authorization: `Bearer ${ctx.provider.apiKey}` }
}

/**
 * The client's body with `model` set to the upstream id (or removed, for upstreams that take
 * the model from the URL) and, when streaming, `stream_options.include_usage` forced on so
 * the gateway can count tokens; the executor strips the usage chunk when the client did not
 * ask for it. Every other field passes through untouched, unknown ones included.
 */
export function chatBody(req: ChatRequest, model: string | undefined): JsonObject {
  const body: JsonObject = { ...req.raw }
  if (model === undefined) delete body.model
  else body.model = model
  if (req.stream) {
    if (body.stream !== true) body.stream = true
    const clientOptions = isRecord(req.raw.stream_options) ? req.raw.stream_options : {}
    body.stream_options = { ...clientOptions, include_usage: true }
  }
  return body
}

export function buildChatRequest(req: ChatRequest, ctx: CallContext): UpstreamRequest {
  return {
    url: `${ctx.provider.baseUrl}/chat/completions`,
    method: 'POST',
    headers: upstreamHeaders(ctx, bearerAuth(ctx)),
    body: JSON.stringify(chatBody(req, req.model)),
    framing: 'sse',
  }
}

/** Where the executor relays /v1/completions for this upstream. */
export function completionsUrl(ctx: CallContext): { url: string; headers: Record<string, string> } {
  return { url: `${ctx.provider.baseUrl}/completions`, headers: upstreamHeaders(ctx, bearerAuth(ctx)) }
}
