import type { JsonObject } from '../../canonical/chat.js'
import { isObject } from '../json.js'
import { withMember } from '../json-text.js'
import { isMarked, MARKED_VALUE } from './signature.js'

/**
 * The client's Messages body for an upstream that speaks Messages natively: its exact text with
 * only `model` replaced (on the text, so thinking signatures, `cache_control`, unknown fields,
 * number formats and escapes reach the upstream byte for byte, and Anthropic's prompt cache
 * still matches).
 *
 * One exception: thinking blocks another provider signed (marked `switchyard:<kind>:`, see
 * signature.ts) would be refused by the native upstream, so when the body carries one, those
 * blocks are taken out and the body is re-serialised. That happens only after a conversation
 * moved from a translated deployment to a native one.
 */
export function messagesPassthroughBody(text: string, parsed: JsonObject, model: string | undefined): string {
  if (text.includes(MARKED_VALUE)) {
    const stripped = withoutMarkedBlocks(parsed)
    if (stripped !== undefined) return reserialise(stripped, model)
  }
  return model === undefined ? reserialise(parsed, undefined) : withMember(text, 'model', JSON.stringify(model))
}

function reserialise(body: JsonObject, model: string | undefined): string {
  const out: JsonObject = { ...body }
  if (model === undefined) delete out.model
  else out.model = model
  return JSON.stringify(out)
}

/** The body without assistant thinking blocks signed elsewhere; undefined when it has none. */
function withoutMarkedBlocks(body: JsonObject): JsonObject | undefined {
  if (!Array.isArray(body.messages)) return undefined
  let removed = false
  const messages = body.messages.map((message: unknown) => {
    if (!isObject(message) || message.role !== 'assistant' || !Array.isArray(message.content)) return message
    const kept = message.content.filter((block: unknown) => !isForeignReasoning(block))
    if (kept.length === message.content.length) return message
    removed = true
    return { ...message, content: kept }
  })
  return removed ? { ...body, messages } : undefined
}

function isForeignReasoning(block: unknown): boolean {
  if (!isObject(block)) return false
  return (block.type === 'thinking' && isMarked(block.signature)) || (block.type === 'redacted_thinking' && isMarked(block.data))
}
