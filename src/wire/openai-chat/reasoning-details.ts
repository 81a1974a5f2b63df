/**
 * Reasoning blocks on chat completions as `reasoning_details`, the array OpenRouter returns and
 * takes back (its ReasoningDetail union: `reasoning.text {text, signature}`, `reasoning.encrypted
 * {data}`, `reasoning.summary {summary}`, each with `format` and `index`; @openrouter/ai-sdk-provider
 * src/schemas/reasoning-details.ts). `reasoning_content` carries only text, which is all a
 * DeepSeek/vLLM client wants; a tool loop with thinking on needs the signatures too, and a client
 * that sends `reasoning_details` back unchanged on the next turn gets them to the provider.
 *
 * `format` names who signed the block: OpenRouter's `anthropic-claude-v1` for Anthropic, and
 * the issuing kind's own name for the others (`bedrock`, `gemini`): an adapter sends a block only
 * to its own kind, since a signature is valid nowhere else.
 */
import type { ReasoningBlock } from '../../canonical/chat.js'
import { asNumber, asString, isObject, readArray } from '../json.js'

export interface ReasoningDetail {
  type: 'reasoning.text' | 'reasoning.encrypted'
  text?: string
  signature?: string
  data?: string
  format: string
  index: number
}

const ANTHROPIC_FORMAT = 'anthropic-claude-v1'

function formatOf(origin: string | undefined): string {
  if (origin === undefined) return 'unknown'
  return origin === 'anthropic' ? ANTHROPIC_FORMAT : origin
}

function originOf(format: string | undefined): string | undefined {
  if (format === undefined || format === 'unknown') return undefined
  return format === ANTHROPIC_FORMAT ? 'anthropic' : format
}

/** One block as a detail; `origin` is the answering kind, for blocks that do not name their own. */
export function reasoningDetail(block: ReasoningBlock, index: number, origin: string | undefined): ReasoningDetail {
  const format = formatOf(block.origin ?? origin)
  if (block.redacted !== undefined) return { type: 'reasoning.encrypted', data: block.redacted, format, index }
  const detail: ReasoningDetail = { type: 'reasoning.text', text: block.text, format, index }
  if (block.signature !== undefined) detail.signature = block.signature
  return detail
}

/** Only blocks that carry opaque data need details: plain reasoning text is `reasoning_content`'s. */
export function reasoningDetails(blocks: readonly ReasoningBlock[] | undefined, origin: string | undefined): ReasoningDetail[] | undefined {
  if (blocks === undefined || !blocks.some((b) => b.signature !== undefined || b.redacted !== undefined)) return undefined
  return blocks.map((b, i) => reasoningDetail(b, i, origin))
}

/**
 * `reasoning_details` a client sent back on an assistant message → reasoning blocks, in index
 * order; pieces of one block streamed separately (same index) are joined. Undefined when none.
 */
export function decodeReasoningDetails(raw: unknown): ReasoningBlock[] | undefined {
  const byIndex = new Map<number, ReasoningBlock>()
  readArray(raw).forEach((entry, position) => {
    if (!isObject(entry)) return
    const index = asNumber(entry.index) ?? position
    const block = byIndex.get(index) ?? { text: '' }
    const origin = originOf(asString(entry.format))
    if (origin !== undefined) block.origin = origin
    if (entry.type === 'reasoning.text') {
      block.text += asString(entry.text) ?? ''
      const signature = asString(entry.signature)
      if (signature !== undefined && signature !== '') block.signature = signature
    } else if (entry.type === 'reasoning.encrypted') {
      const data = asString(entry.data)
      if (data !== undefined) block.redacted = data
    } else if (entry.type === 'reasoning.summary') {
      block.text += asString(entry.summary) ?? ''
    } else return
    byIndex.set(index, block)
  })
  if (byIndex.size === 0) return undefined
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, block]) => block)
}
