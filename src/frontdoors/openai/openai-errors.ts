import type { GatewayError } from '../../errors/gateway-error.js'
import type { ErrorAnswer } from '../../lifecycle/front-door.js'
import { openAIErrorBody, openAIStatus } from '../../wire/openai/error-body.js'

/** How every OpenAI-protocol front door says that something failed: `{"error":{…}}`, and in a stream one `data:` event with it. */
export const openAIErrors = {
  renderError(error: GatewayError): ErrorAnswer {
    return { status: openAIStatus(error), body: JSON.stringify(openAIErrorBody(error)) }
  },
  streamError(error: GatewayError): string {
    return `data: ${JSON.stringify(openAIErrorBody(error))}\n\n`
  },
}
