import type { ReasoningBlock } from '../../canonical/chat.js'
import { asString, isObject, tryParseJson } from '../json.js'

/**
 * Reasoning that a translated target returned with opaque data (Anthropic's thinking signature
 * or redacted thinking, Bedrock's reasoning signature) travels to a stateless Responses client
 * in the reasoning item's `encrypted_content`, as OpenAI's own encrypted reasoning does, so the
 * client can send it back (Codex and the AI SDK do, with `store: false`) and the next turn
 * reaches the same kind with its signature intact. The envelope is the gateway's: its prefix
 * tells it from OpenAI's, which only OpenAI can read.
 */
const PREFIX = 'swy1_'

export function sealReasoning(block: ReasoningBlock): string {
  const payload: Record<string, string> = { t: block.text }
  if (block.signature !== undefined) payload.s = block.signature
  if (block.redacted !== undefined) payload.r = block.redacted
  if (block.origin !== undefined) payload.o = block.origin
  return PREFIX + Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/**
 * The reasoning block of a replayed reasoning item: ours unsealed; OpenAI's encrypted content
 * kept as an `openai` signature (no other kind is sent it); `summaryText` when there is neither.
 */
export function openReasoning(encrypted: string | undefined, summaryText: string): ReasoningBlock {
  if (encrypted === undefined || encrypted === '') return { text: summaryText }
  if (!encrypted.startsWith(PREFIX)) return { text: summaryText, signature: encrypted, origin: 'openai' }
  const parsed = tryParseJson(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8'))
  const payload = parsed.ok && isObject(parsed.value) ? parsed.value : {}
  const block: ReasoningBlock = { text: asString(payload.t) ?? summaryText }
  const signature = asString(payload.s)
  if (signature !== undefined) block.signature = signature
  const redacted = asString(payload.r)
  if (redacted !== undefined) block.redacted = redacted
  const origin = asString(payload.o)
  if (origin !== undefined) block.origin = origin
  return block
}
