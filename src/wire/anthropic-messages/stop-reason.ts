import { assertNever, type FinishReason } from '../../canonical/chat.js'

/**
 * Anthropic `stop_reason` → canonical finish reason (fixtures/SOURCES.md, "Stop reasons →
 * OpenAI"; the value set is `StopReason` in @anthropic-ai/sdk messages.d.ts). `pause_turn` (a
 * server-tool turn paused) ends this answer normally, so it is `stop`; an unknown or missing
 * reason is `stop` too, never a crash.
 */
export function fromStopReason(raw: string | null | undefined): FinishReason {
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

/** Stop reasons a Messages client knows; an upstream that already speaks them (Bedrock's Claude) keeps its own. */
const STOP_REASONS: ReadonlySet<string> = new Set(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded'])

/** Canonical finish → Anthropic `stop_reason`: the provider's own reason when it is one of Anthropic's. */
export function toStopReason(finish: FinishReason, raw: string | undefined): string {
  if (raw !== undefined && STOP_REASONS.has(raw) && fromStopReason(raw) === finish) return raw
  switch (finish) {
    case 'stop':
      return 'end_turn'
    case 'length':
      return 'max_tokens'
    case 'tool_calls':
      return 'tool_use'
    case 'content_filter':
      return 'refusal'
    default:
      return assertNever(finish)
  }
}
