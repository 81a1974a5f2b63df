import type { FinishReason } from '../../canonical/chat.js'

/**
 * An OpenAI-family `finish_reason` as a canonical one. `error` is Mistral's way of saying the
 * generation failed; the caller turns it into an error rather than a finish.
 */
export function mapFinishReason(raw: string, sawToolCalls: boolean): FinishReason | 'error' {
  switch (raw) {
    case 'stop':
      // Some compatible servers answer `stop` after emitting tool calls; clients loop on `tool_calls`.
      return sawToolCalls ? 'tool_calls' : 'stop'
    case 'length':
    case 'model_length': // Mistral: the model's context ran out
      return 'length'
    case 'tool_calls':
    case 'function_call': // legacy functions API
      return 'tool_calls'
    case 'content_filter':
      return 'content_filter'
    case 'error':
      return 'error'
    default:
      // Unknown values (vLLM `abort`, llama.cpp `eos`, …) end the answer normally.
      return sawToolCalls ? 'tool_calls' : 'stop'
  }
}
