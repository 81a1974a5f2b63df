import type { Usage } from '../../canonical/chat.js'
import { readTokenCounts } from '../../canonical/token-count.js'
import { asObject, readObject } from '../json.js'

/** OpenAI's `usage` object for canonical usage. */
export interface OpenAIUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details?: { cached_tokens: number }
  completion_tokens_details?: { reasoning_tokens: number }
}

export function toOpenAIUsage(u: Usage): OpenAIUsage {
  const out: OpenAIUsage = {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.totalTokens ?? u.promptTokens + u.completionTokens,
  }
  if (u.cachedPromptTokens !== undefined) out.prompt_tokens_details = { cached_tokens: u.cachedPromptTokens }
  if (u.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: u.reasoningTokens }
  return out
}

/**
 * Canonical usage from an OpenAI `usage` object (unknown input, narrowed here once). Every count
 * is checked (canonical/token-count.ts): an implausible one is dropped and named in `implausible`.
 */
export function fromOpenAIUsage(value: unknown): Usage | undefined {
  const u = asObject(value)
  if (u === undefined) return undefined
  const { counts, implausible } = readTokenCounts(u, ['prompt_tokens', 'completion_tokens', 'total_tokens'])
  const cached = readTokenCounts(readObject(u.prompt_tokens_details), ['cached_tokens'])
  const reasoning = readTokenCounts(readObject(u.completion_tokens_details), ['reasoning_tokens'])
  const rejected = [...implausible, ...cached.implausible, ...reasoning.implausible]
  if (counts.prompt_tokens === undefined && counts.completion_tokens === undefined && rejected.length === 0) return undefined
  const usage: Usage = { promptTokens: counts.prompt_tokens ?? 0, completionTokens: counts.completion_tokens ?? 0 }
  if (counts.total_tokens !== undefined) usage.totalTokens = counts.total_tokens
  if (cached.counts.cached_tokens !== undefined) usage.cachedPromptTokens = cached.counts.cached_tokens
  if (reasoning.counts.reasoning_tokens !== undefined) usage.reasoningTokens = reasoning.counts.reasoning_tokens
  if (rejected.length > 0) usage.implausible = rejected
  return usage
}
