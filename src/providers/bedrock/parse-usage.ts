/**
 * Converse `usage` → canonical usage. As in Anthropic's API (which Bedrock's counters mirror),
 * `inputTokens` leaves out prompt tokens read from or written to the prompt cache, while
 * OpenAI's prompt_tokens includes them; so prompt = input + cacheRead + cacheWrite, and
 * cachedPromptTokens = cacheRead. Responses carry both `cacheReadInputTokens` and the older
 * `cacheReadInputTokenCount` (converse-response-reasoning.json).
 */
import type { Usage } from '../../canonical/chat.js'
import { asNumber, isObject } from '../../wire/json.js'

export function parseUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined
  const input = asNumber(value.inputTokens)
  const output = asNumber(value.outputTokens)
  if (input === undefined && output === undefined) return undefined
  const cacheRead = asNumber(value.cacheReadInputTokens) ?? asNumber(value.cacheReadInputTokenCount) ?? 0
  const cacheWrite = asNumber(value.cacheWriteInputTokens) ?? asNumber(value.cacheWriteInputTokenCount) ?? 0
  const usage: Usage = { promptTokens: (input ?? 0) + cacheRead + cacheWrite, completionTokens: output ?? 0 }
  const total = asNumber(value.totalTokens)
  if (total !== undefined) usage.totalTokens = total
  if (cacheRead > 0) usage.cachedPromptTokens = cacheRead
  return usage
}
