import type { ChatResult, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { asArray, asObject, asString } from '../json.js'
import type { MessagesReaderOptions } from './event-reader.js'
import { fromStopReason } from './stop-reason.js'
import { mergeUsage, NO_USAGE, toUsage } from './usage.js'

/**
 * The one reading of a Messages API answer (fixtures/anthropic/messages-response-*.json,
 * anthropic-messages/messages-nonstream-*.json), used by the anthropic adapter and by the
 * Messages door's passthrough (which relays the body and reads it for usage). Text blocks make
 * the text; `thinking` blocks (with their signature) and `redacted_thinking` blocks (with their
 * data) the reasoning, in order; `tool_use` blocks the tool calls, their `input` serialised back
 * to JSON text. Server-tool blocks have no canonical counterpart and are skipped.
 */
export function readMessagesResult(body: unknown, opts: MessagesReaderOptions): ChatResult {
  const message = asObject(body)
  if (message?.type === 'error') throw opts.streamError(message)
  const content = asArray(message?.content)
  if (message === undefined || content === undefined) {
    throw new GatewayError('upstream_error', `${opts.provider}: the answer is not a Messages API message.`, { provider: opts.provider })
  }
  const texts: string[] = []
  const reasoning: ReasoningBlock[] = []
  const toolCalls: ToolCall[] = []
  for (const raw of content) {
    const block = asObject(raw)
    switch (block?.type) {
      case 'text':
        texts.push(asString(block.text) ?? '')
        break
      case 'thinking':
        reasoning.push(reasoningBlock({ text: asString(block.thinking) ?? '', signature: asString(block.signature) }, opts.origin))
        break
      case 'redacted_thinking':
        reasoning.push(reasoningBlock({ text: '', redacted: asString(block.data) ?? '' }, opts.origin))
        break
      case 'tool_use':
        toolCalls.push({ id: asString(block.id) ?? '', name: asString(block.name) ?? '', arguments: JSON.stringify(asObject(block.input) ?? {}) })
        break
      default:
        break
    }
  }
  const rawFinish = asString(message.stop_reason)
  const result: ChatResult = { text: texts.length > 0 ? texts.join('') : null, toolCalls, finish: fromStopReason(rawFinish), usage: toUsage(mergeUsage(NO_USAGE, message.usage)) }
  const id = asString(message.id)
  if (id !== undefined) result.id = id
  const model = asString(message.model)
  if (model !== undefined) result.upstreamModel = model
  if (reasoning.length > 0) result.reasoning = reasoning
  if (rawFinish !== undefined) result.rawFinish = rawFinish
  return result
}

function reasoningBlock(block: { text: string; signature?: string | undefined; redacted?: string }, origin: string | undefined): ReasoningBlock {
  const out: ReasoningBlock = { text: block.text }
  if (block.signature !== undefined && block.signature !== '') out.signature = block.signature
  if (block.redacted !== undefined) out.redacted = block.redacted
  if (origin !== undefined) out.origin = origin
  return out
}
