import type { Usage } from '../../canonical/chat.js'
import { readTokenCounts, tokenCount } from '../../canonical/token-count.js'
import { asObject } from '../json.js'

/** Anthropic's token counters, as far as they have been reported. */
export interface UsageCounters {
  input: number
  cacheRead: number
  cacheCreation: number
  output: number
  /** `output_tokens_details.thinking_tokens` (newer answers), part of `output`. */
  thinking?: number
  /** Counters reported with values that are no token counts (dropped), for the log. */
  implausible: readonly string[]
}

export const NO_USAGE: UsageCounters = Object.freeze({ input: 0, cacheRead: 0, cacheCreation: 0, output: 0, implausible: [] })

const FIELDS = ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'output_tokens'] as const

/**
 * Merges a `usage` object into the counters. Fields that are absent keep their value: a stream's
 * `message_start` carries the input counters and a placeholder output of ~1, and `message_delta`
 * the cumulative output (newer answers repeat the input counters there): the last value wins,
 * nothing is summed. Values that are no token counts are dropped and named in `implausible`.
 */
export function mergeUsage(counters: UsageCounters, raw: unknown): UsageCounters {
  const u = asObject(raw)
  if (u === undefined) return counters
  const { counts: c, implausible } = readTokenCounts(u, FIELDS)
  const merged: UsageCounters = {
    input: c.input_tokens ?? counters.input,
    cacheRead: c.cache_read_input_tokens ?? counters.cacheRead,
    cacheCreation: c.cache_creation_input_tokens ?? counters.cacheCreation,
    output: c.output_tokens ?? counters.output,
    implausible: implausible.length === 0 ? counters.implausible : [...counters.implausible, ...implausible],
  }
  const thinking = tokenCount(asObject(u.output_tokens_details)?.thinking_tokens) ?? counters.thinking
  if (thinking !== undefined) merged.thinking = thinking
  return merged
}

/**
 * Anthropic's `input_tokens` excludes the tokens read from or written to the prompt cache; the
 * canonical `promptTokens` (like OpenAI's `prompt_tokens`) includes all three.
 */
export function toUsage(c: UsageCounters): Usage {
  const promptTokens = c.input + c.cacheRead + c.cacheCreation
  const usage: Usage = { promptTokens, completionTokens: c.output, totalTokens: promptTokens + c.output, cachedPromptTokens: c.cacheRead }
  if (c.cacheCreation > 0) usage.cacheWriteTokens = c.cacheCreation
  if (c.thinking !== undefined) usage.reasoningTokens = c.thinking
  if (c.implausible.length > 0) usage.implausible = [...c.implausible]
  return usage
}

/** Anthropic's `usage` object for a canonical usage: the cache reads and writes taken back out of the input. */
export interface MessagesUsage {
  input_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
  output_tokens: number
}

export function toMessagesUsage(u: Usage): MessagesUsage {
  const cacheRead = u.cachedPromptTokens ?? 0
  const cacheCreation = u.cacheWriteTokens ?? 0
  return {
    input_tokens: Math.max(0, u.promptTokens - cacheRead - cacheCreation),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
    output_tokens: u.completionTokens,
  }
}
