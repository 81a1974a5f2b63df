import type { Usage } from '../../canonical/chat.js'
import { asNumber, isObject, type JsonObject } from '../json.js'

/** Canonical usage as the Responses API's `usage` (input tokens include the cached ones, as OpenAI counts them). */
export function responsesUsage(u: Usage): JsonObject {
  return {
    input_tokens: u.promptTokens,
    input_tokens_details: { cached_tokens: u.cachedPromptTokens ?? 0 },
    output_tokens: u.completionTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.totalTokens ?? u.promptTokens + u.completionTokens,
  }
}

/** A Responses `usage` object as canonical usage; undefined when it has no token counts. */
export function fromResponsesUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined
  const input = asNumber(value.input_tokens)
  const output = asNumber(value.output_tokens)
  if (input === undefined && output === undefined) return undefined
  const usage: Usage = { promptTokens: input ?? 0, completionTokens: output ?? 0 }
  const total = asNumber(value.total_tokens)
  if (total !== undefined) usage.totalTokens = total
  const cached = isObject(value.input_tokens_details) ? asNumber(value.input_tokens_details.cached_tokens) : undefined
  if (cached !== undefined && cached > 0) usage.cachedPromptTokens = cached
  const reasoning = isObject(value.output_tokens_details) ? asNumber(value.output_tokens_details.reasoning_tokens) : undefined
  if (reasoning !== undefined && reasoning > 0) usage.reasoningTokens = reasoning
  return usage
}
