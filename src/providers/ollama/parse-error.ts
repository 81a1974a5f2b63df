import type { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { asObject, asString, parseJsonOrUndefined } from '../../wire/json.js'
import { mapOllamaFailure } from './map-error.js'
import { retryAfterSeconds } from './retry-after.js'

/** A non-2xx answer (`{"error": "<string>"}`, or plain text from a proxy) → GatewayError. */
export function parseOllamaError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError {
  const parsed = typeof body === 'string' ? (parseJsonOrUndefined(body) ?? body) : body
  const error = asObject(parsed)?.error
  const message = asString(error) ?? asString(asObject(error)?.message) ?? (typeof parsed === 'string' ? parsed.slice(0, 200) : '')
  return mapOllamaFailure(status, message, retryAfterSeconds(headers), ctx)
}
