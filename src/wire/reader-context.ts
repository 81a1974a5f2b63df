import type { JsonObject } from '../canonical/chat.js'
import type { GatewayError } from '../errors/gateway-error.js'

/**
 * What a protocol's reader needs besides the bytes: the request id (for ids the upstream did
 * not send), the provider's name (for messages) and how the provider's in-band errors (a
 * stream's error event, a 200 with an error body) become GatewayErrors.
 */
export interface ReaderContext {
  requestId: string
  provider: string
  streamError(body: JsonObject): GatewayError
}
