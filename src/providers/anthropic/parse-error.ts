import type { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { asObject, asString, parseJsonOrUndefined } from '../../wire/json.js'
import { mapUpstreamFailure } from './map-error.js'
import { retryAfterSeconds } from './retry-after.js'

/**
 * A non-2xx answer → GatewayError. The body is `{"type":"error","error":{"type","message"},
 * "request_id"?}` (fixtures/anthropic/error-*.json/.http); a proxy in front may send text or
 * HTML instead, which still maps by status.
 */
export function parseAnthropicError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError {
  const root = asObject(typeof body === 'string' ? parseJsonOrUndefined(body) : body)
  const error = asObject(root?.error)
  const requestId = asString(root?.request_id) ?? headers.get('request-id') ?? undefined
  return mapUpstreamFailure(
    {
      status,
      type: asString(error?.type),
      message: asString(error?.message) ?? (typeof body === 'string' ? body.slice(0, 200) : undefined),
      requestId,
      retryAfterSeconds: retryAfterSeconds(headers),
    },
    ctx,
  )
}

/** An `error` event inside a 200 stream (fixtures/anthropic/messages-stream-error-overloaded.sse). */
export function streamErrorToGateway(payload: unknown, ctx: CallContext): GatewayError {
  const error = asObject(asObject(payload)?.error)
  return mapUpstreamFailure({ type: asString(error?.type), message: asString(error?.message) }, ctx)
}
