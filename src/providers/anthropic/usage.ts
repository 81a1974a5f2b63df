import type { Usage } from '../../canonical/chat.js'
import { readTokenCounts } from '../../canonical/token-count.js'
import { asObject } from '../../wire/json.js'

/** Anthropic's token counters, as far as they have been reported. */
export interface UsageCounters {
  input: number
  cacheRead: number
  cacheCreation: number
  output: number
  /** Counters reported with values that are no token counts (dropped), for the log. */
  implausible: readonly string[]
}

export const NO_USAGE: UsageCounters = { input: 0, cacheRead: 0, cacheCreation: 0, output: 0, implausible: [] }

const FIELDS = ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'output_tokens'] as const

/**
 * Merges a `usage` object into the counters. Fields that are absent keep their value: the
 * stream's `message_start` carries the input counters and a placeholder output of ~1, and
 * `message_delta` carries the cumulative output (newer answers repeat the input counters there).
 */
export function mergeUsage(counters: UsageCounters, raw: unknown): UsageCounters {
  const u = asObject(raw)
  if (u === undefined) return counters
  const { counts: c, implausible } = readTokenCounts(u, FIELDS)
  return {
    input: c.input_tokens ?? counters.input,
    cacheRead: c.cache_read_input_tokens ?? counters.cacheRead,
    cacheCreation: c.cache_creation_input_tokens ?? counters.cacheCreation,
    output: c.output_tokens ?? counters.output,
    implausible: implausible.length === 0 ? counters.implausible : [...counters.implausible, ...implausible],
  }
}

/**
 * Anthropic's `input_tokens` excludes tokens read from or written to the prompt cache, so all
 * three make up OpenAI's `prompt_tokens`; the cache reads are the `cached_tokens`.
 */
export function toUsage(c: UsageCounters): Usage {
  const promptTokens = c.input + c.cacheRead + c.cacheCreation
  const usage: Usage = {
    promptTokens,
    completionTokens: c.output,
    totalTokens: promptTokens + c.output,
    cachedPromptTokens: c.cacheRead,
  }
  if (c.implausible.length > 0) usage.implausible = [...c.implausible]
  return usage
}
