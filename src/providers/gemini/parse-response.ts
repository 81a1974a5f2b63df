/** A `generateContent` answer → a ChatResult. */
import type { ChatResult, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { isObject } from '../../wire/json.js'
import { blockedPromptError, mapFinishReason } from './map-finish-reason.js'
import { upstreamErrorFromBody } from './parse-error.js'
import { readChunk } from './read-chunk.js'
import { toolCallId } from '../../wire/tool-call-id.js'

export function parseGeminiResponse(body: unknown, ctx: CallContext): ChatResult {
  if (!isObject(body)) {
    throw new GatewayError('upstream_error', `Provider '${ctx.provider.name}' answered with a body that is not a JSON object.`, {
      provider: ctx.provider.name,
    })
  }
  const embedded = upstreamErrorFromBody(body, ctx)
  if (embedded !== undefined) throw embedded

  const chunk = readChunk(body)
  if (!chunk.hasCandidates && chunk.blockReason !== undefined) {
    throw blockedPromptError(chunk.blockReason, ctx, chunk.blockMessage)
  }

  let text = ''
  let reasoning = ''
  const toolCalls: ToolCall[] = []
  for (const part of chunk.parts) {
    switch (part.kind) {
      case 'text':
        text += part.text
        break
      case 'reasoning':
        reasoning += part.text
        break
      case 'call': {
        const { call } = part
        if (call.name === undefined) break
        const toolCall: ToolCall = { id: toolCallId(ctx.requestId, toolCalls.length), name: call.name, arguments: JSON.stringify(call.args ?? {}) }
        if (call.thoughtSignature !== undefined) toolCall.providerMetadata = { thoughtSignature: call.thoughtSignature }
        toolCalls.push(toolCall)
        break
      }
    }
  }

  const mapped =
    chunk.finishReason === undefined
      ? { kind: 'finish' as const, reason: toolCalls.length > 0 ? ('tool_calls' as const) : ('stop' as const) }
      : mapFinishReason(chunk.finishReason, toolCalls.length > 0, ctx, chunk.finishMessage)
  if (mapped.kind === 'error') throw mapped.error

  const result: ChatResult = {
    text: text === '' && toolCalls.length > 0 ? null : text,
    toolCalls,
    finish: mapped.reason,
  }
  if (chunk.responseId !== undefined) result.id = chunk.responseId
  if (chunk.modelVersion !== undefined) result.upstreamModel = chunk.modelVersion
  if (reasoning !== '') result.reasoning = [{ text: reasoning }]
  if (chunk.finishReason !== undefined) result.rawFinish = chunk.finishReason
  if (chunk.usage !== undefined) result.usage = chunk.usage
  return result
}
