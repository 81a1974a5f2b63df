import type { FinishReason } from '../../canonical/chat.js'

/**
 * Anthropic `stop_reason` → canonical finish reason (table in fixtures/SOURCES.md, "Stop
 * reasons → OpenAI"; the value set is `StopReason` in @anthropic-ai/sdk messages.d.ts).
 * `pause_turn` (a server-tool turn paused) ends this answer normally, so it is `stop`; an
 * unknown or missing reason is `stop` too, never a crash.
 */
export function mapStopReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'tool_use':
      return 'tool_calls'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'refusal':
      return 'content_filter'
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
    default:
      return 'stop'
  }
}
