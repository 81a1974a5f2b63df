import { getEncoding, type Tiktoken } from 'js-tiktoken'
import type { ChatMessage } from '../canonical/chat.js'

/**
 * Token estimates for upstreams that report no usage. The o200k tokenizer is built lazily
 * on first use (it takes ~100 ms and a few MB) and reused; counts are estimates for
 * non-OpenAI models, which is why reported usage always wins.
 */
let encoding: Tiktoken | undefined

function encoder(): Tiktoken {
  encoding ??= getEncoding('o200k_base')
  return encoding
}

export function countTokens(text: string): number {
  return text === '' ? 0 : encoder().encode(text).length
}

/** OpenAI's chat format costs about 3 tokens per message plus 3 to prime the answer. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let total = 3
  for (const m of messages) {
    total += 3
    const content = m.content
    if (typeof content === 'string') total += countTokens(content)
    else if (content !== null) for (const part of content) if (part.type === 'text') total += countTokens(part.text)
    if (m.role === 'assistant' && m.toolCalls !== undefined) for (const call of m.toolCalls) total += countTokens(call.name) + countTokens(call.arguments)
  }
  return total
}
