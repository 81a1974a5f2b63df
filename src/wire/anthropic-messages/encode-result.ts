import type { ChatResult, JsonObject, ReasoningBlock, ResponseMeta, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { asObject, tryParseJson } from '../json.js'
import { markSignature } from './signature.js'
import { toStopReason } from './stop-reason.js'
import { toMessagesUsage } from './usage.js'

export interface MessagesEncodeOptions {
  /** `thinking.display: "omitted"`: thinking blocks without their text. */
  omitThinking: boolean
}

/**
 * A canonical result as a Messages API answer (`Message` in @anthropic-ai/sdk messages.d.ts):
 * reasoning blocks first (their signatures marked with the kind that made them, see
 * signature.ts), then the text (a refusal is text too, with stop reason `refusal`), then the
 * tool calls, their JSON arguments parsed back into `input`.
 */
export function encodeMessage(result: ChatResult, meta: ResponseMeta, opts: MessagesEncodeOptions): JsonObject {
  const content: JsonObject[] = []
  for (const block of result.reasoning ?? []) content.push(reasoningContent(block, meta.origin, opts))
  const text = (result.text ?? '') + (result.refusal ?? '')
  if (text !== '') content.push({ type: 'text', text })
  for (const call of result.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call) })
  const usage = result.usage === undefined ? { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } : toMessagesUsage(result.usage)
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: toStopReason(result.finish, result.rawFinish),
    stop_sequence: null,
    usage,
  }
}

function reasoningContent(block: ReasoningBlock, fallbackOrigin: string | undefined, opts: MessagesEncodeOptions): JsonObject {
  const origin = block.origin ?? fallbackOrigin ?? 'unknown'
  if (block.redacted !== undefined) return { type: 'redacted_thinking', data: markSignature(origin, block.redacted) }
  return { type: 'thinking', thinking: opts.omitThinking ? '' : block.text, signature: markSignature(origin, block.signature ?? '') }
}

/** A tool call's arguments as the object Anthropic's `input` must be; arguments that are no JSON object are the upstream's fault. */
export function toolInput(call: ToolCall): JsonObject {
  if (call.arguments.trim() === '') return {}
  const parsed = tryParseJson(call.arguments)
  const input = parsed.ok ? asObject(parsed.value) : undefined
  if (input === undefined) {
    throw new GatewayError('invalid_tool_call', `The upstream's arguments for tool call '${call.id.slice(0, 100)}' (${call.name.slice(0, 100)}) are not a JSON object.`, { blame: 'upstream' })
  }
  return input
}
