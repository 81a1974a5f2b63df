import type { Usage } from '../../canonical/chat.js'

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

/** Canonical usage from an OpenAI `usage` object (unknown input, narrowed here once). */
export function fromOpenAIUsage(value: unknown): Usage | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const u = value as Record<string, unknown>
  const prompt = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : undefined
  const completion = typeof u.completion_tokens === 'number' ? u.completion_tokens : undefined
  if (prompt === undefined && completion === undefined) return undefined
  const usage: Usage = { promptTokens: prompt ?? 0, completionTokens: completion ?? 0 }
  if (typeof u.total_tokens === 'number') usage.totalTokens = u.total_tokens
  const pd = u.prompt_tokens_details
  if (typeof pd === 'object' && pd !== null && typeof (pd as Record<string, unknown>).cached_tokens === 'number') {
    usage.cachedPromptTokens = (pd as Record<string, number>).cached_tokens
  }
  const cd = u.completion_tokens_details
  if (typeof cd === 'object' && cd !== null && typeof (cd as Record<string, unknown>).reasoning_tokens === 'number') {
    usage.reasoningTokens = (cd as Record<string, number>).reasoning_tokens
  }
  return usage
}
