/**
 * Converse `usage` → canonical usage. As in Anthropic's API (which Bedrock's counters mirror),
 * `inputTokens` leaves out prompt tokens read from or written to the prompt cache, while
 * OpenAI's prompt_tokens includes them; so prompt = input + cacheRead + cacheWrite, and
 * cachedPromptTokens = cacheRead. Responses carry both `cacheReadInputTokens` and the older
 * `cacheReadInputTokenCount` (converse-response-reasoning.json).
 */
import type { Usage } from '../../canonical/chat.js'
import { readTokenCounts } from '../../canonical/token-count.js'
import { isObject } from '../../wire/json.js'

const FIELDS = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadInputTokens', 'cacheReadInputTokenCount', 'cacheWriteInputTokens', 'cacheWriteInputTokenCount'] as const

export function parseUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined
  const { counts: c, implausible } = readTokenCounts(value, FIELDS)
  if (c.inputTokens === undefined && c.outputTokens === undefined && implausible.length === 0) return undefined
  const cacheRead = c.cacheReadInputTokens ?? c.cacheReadInputTokenCount ?? 0
  const cacheWrite = c.cacheWriteInputTokens ?? c.cacheWriteInputTokenCount ?? 0
  const usage: Usage = { promptTokens: (c.inputTokens ?? 0) + cacheRead + cacheWrite, completionTokens: c.outputTokens ?? 0 }
  if (c.totalTokens !== undefined) usage.totalTokens = c.totalTokens
  if (cacheRead > 0) usage.cachedPromptTokens = cacheRead
  if (implausible.length > 0) usage.implausible = implausible
  return usage
}
