/**
 * A non-2xx Bedrock answer → GatewayError. The body is `{"message": "..."}` (some services
 * spell it `Message`), and the error type comes in the `x-amzn-ErrorType` header, possibly
 * with a `:<namespace>` suffix (`ValidationException:http://internal.amazon.com/coral/…`).
 */
import type { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { asString, isObject } from '../../wire/json.js'
import { bedrockError, type BedrockErrorFacts } from './map-error-type.js'

export function parseBedrockError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError {
  const facts: BedrockErrorFacts = { status }
  const header = headers.get('x-amzn-errortype')
  const bodyType = isObject(body) ? asString(body.__type) : undefined
  const type = (header ?? bodyType)?.split(':')[0].split('#').pop()?.trim()
  if (type !== undefined && type !== '') facts.type = type
  const message = isObject(body) ? (asString(body.message) ?? asString(body.Message)) : typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 500) : undefined
  if (message !== undefined) facts.message = message
  const retryAfter = Number(headers.get('retry-after') ?? Number.NaN)
  if (Number.isFinite(retryAfter) && retryAfter >= 0) facts.retryAfterSeconds = retryAfter
  return bedrockError(facts, ctx)
}
