import type { ChatMessage, ContentPart, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { asString, isObject, readArray, readObject, type JsonObject } from '../json.js'
import { decodePart, isError, reasoningBlock, refuse, toolCall, toolResultContent, type DecodeSink } from './decode-content.js'

/**
 * Anthropic's `system` and `messages` → canonical messages.
 *
 * - `system` (a string or text blocks, with their cache breakpoints) becomes the first system
 *   message; a `role: "system"` message inside `messages` (a newer shape) stays where it is.
 * - A user turn's `tool_result` blocks become `tool` messages, in order, and its other blocks
 *   one user message after them: a tool result must directly follow the call it answers (in
 *   OpenAI's protocol and others), and Anthropic puts results first anyway.
 * - An assistant turn's thinking and redacted_thinking become its reasoning blocks (origin read
 *   off the signature), its text blocks its content, its tool_use blocks its tool calls.
 * - Blocks the canonical model cannot carry (server tools and their results, search results,
 *   file references) are listed in the sink with their path, and left out.
 */
export function decodeConversation(system: unknown, messages: readonly unknown[], sink: DecodeSink): ChatMessage[] {
  const out: ChatMessage[] = []
  if (system !== undefined) {
    const content = systemContent(system, 'system', sink)
    if (content !== undefined) out.push({ role: 'system', content })
  }
  messages.forEach((raw, i) => {
    const message = readObject(raw)
    const path = `messages[${i}]`
    switch (message.role) {
      case 'user':
        out.push(...userTurn(message.content, path, sink))
        break
      case 'assistant':
        out.push(assistantTurn(message.content, path, sink))
        break
      case 'system': {
        const content = systemContent(message.content, `${path}.content`, sink)
        if (content !== undefined) out.push({ role: 'system', content })
        break
      }
    }
  })
  return out
}

function systemContent(content: unknown, path: string, sink: DecodeSink): string | ContentPart[] | undefined {
  if (typeof content === 'string') return content === '' ? undefined : content
  const parts: ContentPart[] = []
  readArray(content).forEach((block, i) => {
    const part = decodePart(readObject(block), `${path}[${i}]`, sink)
    if (part !== undefined) parts.push(part)
  })
  return parts.length === 0 ? undefined : parts
}

function userTurn(content: unknown, path: string, sink: DecodeSink): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }]
  const results: ChatMessage[] = []
  const parts: ContentPart[] = []
  readArray(content).forEach((raw, j) => {
    const block = readObject(raw)
    const where = `${path}.content[${j}]`
    if (block.type === 'tool_result') {
      const result: ChatMessage = { role: 'tool', toolCallId: asString(block.tool_use_id) ?? '', content: toolResultContent(block, where, sink) }
      if (isError(block)) result.isError = true
      results.push(result)
      return
    }
    const part = decodePart(block, where, sink)
    if (part !== undefined) parts.push(part)
  })
  return parts.length === 0 ? results : [...results, { role: 'user', content: parts }]
}

function assistantTurn(content: unknown, path: string, sink: DecodeSink): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content }
  const reasoning: ReasoningBlock[] = []
  let text = ''
  const calls: ToolCall[] = []
  readArray(content).forEach((raw, j) => {
    const block: JsonObject = isObject(raw) ? raw : {}
    switch (block.type) {
      case 'thinking':
      case 'redacted_thinking': {
        const thought = reasoningBlock(block)
        if (thought !== undefined) reasoning.push(thought)
        break
      }
      case 'text':
        // One string: compatible servers that take content arrays from users often refuse them from the assistant.
        text += asString(block.text) ?? ''
        break
      case 'tool_use':
        calls.push(toolCall(block))
        break
      default:
        refuse(sink, `${path}.content[${j}]`, `content of type '${String(block.type)}' has no equivalent outside Anthropic`)
    }
  })
  const message: ChatMessage = { role: 'assistant', content: text === '' ? null : text }
  if (calls.length > 0) message.toolCalls = calls
  if (reasoning.length > 0) message.reasoning = reasoning
  return message
}
