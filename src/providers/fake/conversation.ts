import type { ChatMessage } from '../../canonical/chat.js'

/** A tool's answer that the conversation ends with, named by the call it answers. */
export interface ToolResult {
  name: string
  content: string
}

/** What the fake reads of a conversation: the latest user message, and tool results that end it. */
export interface Conversation {
  lastUserIndex: number
  lastUserText: string
  lastAssistantIndex: number
  /** The tool messages after the last assistant message, when the conversation ends with them. */
  toolResults: ToolResult[] | undefined
}

export function readConversation(messages: readonly ChatMessage[]): Conversation {
  const lastUserIndex = findLast(messages, 'user', messages.length)
  const lastAssistantIndex = findLast(messages, 'assistant', messages.length)
  return {
    lastUserIndex,
    lastUserText: lastUserIndex < 0 ? '' : messageText(messages[lastUserIndex]),
    lastAssistantIndex,
    toolResults: trailingToolResults(messages, lastAssistantIndex),
  }
}

/** Index of the last message with this role before `before`, or -1. */
export function findLast(messages: readonly ChatMessage[], role: ChatMessage['role'], before: number): number {
  for (let i = before - 1; i >= 0; i--) if (messages[i].role === role) return i
  return -1
}

/** A message's text; a part that is not text reads as its type (`[image]`), so it changes the answer. */
export function messageText(m: ChatMessage): string {
  if (m.content === null) return ''
  if (typeof m.content === 'string') return m.content
  return m.content.map((p) => (p.type === 'text' ? p.text : `[${p.type}]`)).join(' ')
}

/** The text of the last user message ('' when there is none). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  const i = findLast(messages, 'user', messages.length)
  return i < 0 ? '' : messageText(messages[i])
}

function trailingToolResults(messages: readonly ChatMessage[], assistant: number): ToolResult[] | undefined {
  if (messages.length === 0 || messages[messages.length - 1].role !== 'tool') return undefined
  const answered = assistant < 0 ? undefined : messages[assistant]
  const calls = answered?.role === 'assistant' ? (answered.toolCalls ?? []) : []
  const results: ToolResult[] = []
  for (let i = assistant + 1; i < messages.length; i++) {
    const m = messages[i]
    if (m.role !== 'tool') continue
    results.push({ name: calls.find((c) => c.id === m.toolCallId)?.name ?? 'the tool', content: messageText(m) })
  }
  return results
}
