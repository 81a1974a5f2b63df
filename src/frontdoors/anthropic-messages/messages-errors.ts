import type { GatewayError } from '../../errors/gateway-error.js'
import type { ErrorAnswer } from '../../lifecycle/front-door.js'
import { messagesError, messagesErrorBody } from '../../wire/anthropic-messages/error-body.js'

/**
 * How the Messages doors say that something failed: Anthropic's `{"type":"error","error":{…}}`
 * with the status its SDKs map to their error classes, and inside a stream that started, one
 * `event: error` (after which Anthropic closes the stream). While a stream waits for its first
 * token, the keep-alive is Anthropic's own `ping` event.
 */
export const messagesErrors = {
  renderError(error: GatewayError): ErrorAnswer {
    return { status: messagesError(error).status, body: JSON.stringify(messagesErrorBody(error)) }
  },
  streamError(error: GatewayError): string {
    return `event: error\ndata: ${JSON.stringify(messagesErrorBody(error))}\n\n`
  },
  keepAlive: 'event: ping\ndata: {"type": "ping"}\n\n',
}
