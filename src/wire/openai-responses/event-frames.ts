import type { JsonObject } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'

/** One Responses event as SSE: `event: <type>` and one `data:` line whose `type` is the same. */
export function eventFrame(type: string, fields: JsonObject, sequenceNumber: number): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: sequenceNumber })}\n\n`
}

/**
 * A failure inside a stream, as OpenAI reports one (fixtures/openai-responses/
 * responses-stream-error-failed): an `error` event, then `response.failed` with the response so
 * far. The error carries its fields both nested (`error: {…}`, as recorded) and at the top
 * (`code`, `message`, `param`, as the API reference documents them), so either reading finds them.
 */
export function failureFrames(error: GatewayError, response: JsonObject, nextSeq: () => number): string {
  const fields = { type: error.type, code: error.code, message: error.message, param: error.detail.param ?? null }
  const failed = { ...response, status: 'failed', error: { code: error.code ?? 'server_error', message: error.message } }
  return eventFrame('error', { code: fields.code, message: fields.message, param: fields.param, error: fields }, nextSeq()) + eventFrame('response.failed', { response: failed }, nextSeq())
}
