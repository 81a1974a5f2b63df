import type { Usage } from '../../canonical/chat.js'
import { asNumber, asObject } from '../../wire/json.js'

/** Anthropic's token counters, as far as they have been reported. */
export interface UsageCounters {
  input: number
  cacheRead: number
  cacheCreation: number
  output: number
}

export const NO_USAGE: UsageCounters = { input: 0, cacheRead: 0, cacheCreation: 0, output: 0 }

/**
 * Merges a `usage` object into the counters. Fields that are absent keep their value: the
 * stream's `message_start` carries the input counters and a placeholder output of ~1, and
 * `message_delta` carries the cumulative output (newer answers repeat the input counters there).
 */
export function mergeUsage(counters: UsageCounters, raw: unknown): UsageCounters {
  const u = asObject(raw)
  if (u === undefined) return counters
  return {
    input: asNumber(u.input_tokens) ?? counters.input,
    cacheRead: asNumber(u.cache_read_input_tokens) ?? counters.cacheRead,
    cacheCreation: asNumber(u.cache_creation_input_tokens) ?? counters.cacheCreation,
    output: asNumber(u.output_tokens) ?? counters.output,
  }
}

/**
 * Anthropic's `input_tokens` excludes tokens read from or written to the prompt cache, so all
 * three make up OpenAI's `prompt_tokens`; the cache reads are the `cached_tokens`.
 */
export function toUsage(c: UsageCounters): Usage {
  const promptTokens = c.input + c.cacheRead + c.cacheCreation
  return {
    promptTokens,
    completionTokens: c.output,
    totalTokens: promptTokens + c.output,
    cachedPromptTokens: c.cacheRead,
  }
}
