/**
 * Converse `stopReason` → canonical finish (SOURCES.md, "Stop reasons → OpenAI").
 * `model_context_window_exceeded` means the answer was cut off, like max_tokens: "length".
 * Unknown and future values → "stop".
 */
import type { FinishReason } from '../../canonical/chat.js'

export function mapStopReason(raw: string): FinishReason {
  switch (raw) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter'
    default:
      return 'stop'
  }
}
