import { assertNever, type ChatMessage, type ReasoningBlock } from '../../canonical/chat.js'
import type { CallContext } from '../types.js'
import { contentBlocks, textBlocks, toolResultBlock, toolUseBlock, type Block } from './build-content.js'

export interface AnthropicMessage {
  role: 'user' | 'assistant'
  content: string | Block[]
}

export interface AnthropicPrompt {
  /** Text blocks for the top-level `system` field, in conversation order. */
  system: Block[]
  messages: AnthropicMessage[]
}

/**
 * Canonical messages → Anthropic's `system` + alternating `messages`.
 *
 * - Every system/developer message, wherever it sits, becomes a text block of the top-level
 *   `system` array, in order. Anthropic has no system role inside `messages`; hoisting keeps
 *   the instruction (only its position is lost), where dropping or re-labelling it as user
 *   text would change who is speaking.
 * - Consecutive turns of one role are merged into one message, as Anthropic requires
 *   alternation; so consecutive tool results land together in one user message, in order.
 * - Tool results are `tool_result` blocks in a user message (Messages API "tool use" docs).
 * - An assistant's reasoning goes back only as the blocks Anthropic itself issued (origin
 *   `anthropic`): `thinking` with its signature, `redacted_thinking` with its data, first in the
 *   turn as Anthropic requires. Another provider's reasoning (or unsigned text) is left out:
 *   Anthropic refuses a signature it did not make.
 * - A message left with no blocks (empty text) is skipped; a message whose only block is text
 *   is sent as a plain string, the shorter form the docs use.
 */
export function buildPrompt(messages: readonly ChatMessage[], ctx: CallContext): AnthropicPrompt {
  const system: Block[] = []
  const turns: Array<{ role: 'user' | 'assistant'; blocks: Block[] }> = []

  const append = (role: 'user' | 'assistant', blocks: Block[]): void => {
    if (blocks.length === 0) return
    const last = turns[turns.length - 1]
    if (last !== undefined && last.role === role) last.blocks.push(...blocks)
    else turns.push({ role, blocks: [...blocks] })
  }

  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textBlocks(message.content, ctx, 'system messages'))
        break
      case 'user':
        append('user', contentBlocks(message.content))
        break
      case 'assistant':
        append('assistant', [
          ...thinkingBlocks(message.reasoning),
          ...textBlocks(message.content, ctx, 'assistant messages'),
          ...(message.toolCalls ?? []).map(toolUseBlock),
        ])
        break
      case 'tool':
        append('user', [toolResultBlock(message.toolCallId, message.content)])
        break
      default:
        assertNever(message)
    }
  }

  return { system, messages: turns.map(({ role, blocks }) => ({ role, content: collapse(blocks) })) }
}

function collapse(blocks: Block[]): string | Block[] {
  const only = blocks[0]
  if (blocks.length === 1 && only !== undefined && only.type === 'text' && typeof only.text === 'string') return only.text
  return blocks
}

/** The reasoning blocks Anthropic signed, as it wants them back. */
function thinkingBlocks(reasoning: readonly ReasoningBlock[] | undefined): Block[] {
  const blocks: Block[] = []
  for (const b of reasoning ?? []) {
    if (b.origin !== 'anthropic') continue
    if (b.redacted !== undefined) blocks.push({ type: 'redacted_thinking', data: b.redacted })
    else if (b.signature !== undefined) blocks.push({ type: 'thinking', thinking: b.text, signature: b.signature })
  }
  return blocks
}
