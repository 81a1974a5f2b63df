import type { ChatResult } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { mapOllamaFailure } from './map-error.js'
import { mapDoneReason } from './map-done-reason.js'
import { readChunk } from './read-chunk.js'
import { toolCallId } from '../../wire/tool-call-id.js'
import { usageOf } from './usage.js'

/** A `stream: false` /api/chat answer (fixtures/ollama/chat-response*.json) → ChatResult. */
export function parseOllamaResponse(body: unknown, ctx: CallContext): ChatResult {
  const chunk = readChunk(body)
  if (chunk === undefined) {
    throw new GatewayError('upstream_error', `${ctx.provider.name}: the answer is not an /api/chat object.`, { provider: ctx.provider.name })
  }
  if (chunk.error !== undefined) throw mapOllamaFailure(undefined, chunk.error, undefined, ctx)
  const calledTools = chunk.toolCalls.length > 0
  const result: ChatResult = {
    // A tool-calling turn comes with content "", which OpenAI renders as null.
    text: chunk.content === '' && calledTools ? null : chunk.content,
    toolCalls: chunk.toolCalls.map((call, index) => (call.id === '' ? { ...call, id: toolCallId(ctx.requestId, index) } : call)),
    finish: mapDoneReason(chunk.doneReason, calledTools),
    usage: usageOf(chunk),
  }
  if (chunk.model !== undefined) result.upstreamModel = chunk.model
  if (chunk.thinking !== '') result.reasoning = [{ text: chunk.thinking }]
  if (chunk.doneReason !== undefined) result.rawFinish = chunk.doneReason
  return result
}
