import type { Usage } from '../../canonical/chat.js'
import type { ChatChunk } from './read-chunk.js'

/** From the final object; `prompt_eval_count` is omitted when the prompt came from cache (Go `omitempty`). */
export function usageOf(chunk: ChatChunk): Usage {
  const promptTokens = chunk.promptEvalCount ?? 0
  const completionTokens = chunk.evalCount ?? 0
  const usage: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens }
  if (chunk.implausible !== undefined) usage.implausible = chunk.implausible
  return usage
}
