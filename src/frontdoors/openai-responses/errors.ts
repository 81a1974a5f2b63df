import type { GatewayError } from '../../errors/gateway-error.js'
import type { ErrorAnswer } from '../../lifecycle/front-door.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { failureFrames } from '../../wire/openai-responses/event-frames.js'

/**
 * How the Responses API says that something failed: before the stream, OpenAI's `{"error":{…}}`
 * with the status; inside a stream, an `error` event then `response.failed`. A stream's own
 * failures continue its numbering (the encoder's and the tap's `error`); this rendering is for a
 * stream that has no events yet.
 */
export const responsesErrors = {
  renderError(error: GatewayError): ErrorAnswer {
    return openAIErrors.renderError(error)
  },
  streamError(error: GatewayError): string {
    let seq = 0
    return failureFrames(error, { object: 'response', status: 'failed', output: [] }, () => seq++)
  },
}
