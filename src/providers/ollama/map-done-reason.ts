import type { FinishReason } from '../../canonical/chat.js'

/**
 * Ollama's `done_reason` → canonical finish. It says `stop` even when the model called tools,
 * so tool calls turn it into `tool_calls`, as Ollama's own OpenAI layer does
 * (fixtures/SOURCES.md, Ollama). `load`/`unload` and a missing reason (older servers,
 * fixtures/ollama/chat-response.json) end normally.
 */
export function mapDoneReason(raw: string | undefined, calledTools: boolean): FinishReason {
  if (raw === 'length') return 'length'
  return calledTools ? 'tool_calls' : 'stop'
}
