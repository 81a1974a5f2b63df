/**
 * Gemini `usageMetadata` → canonical usage. Streams repeat it, cumulatively, on every chunk
 * (early chunks may lack candidatesTokenCount), so callers keep the last one.
 *
 * Thinking tokens are billed as output, so completion = candidates + thoughts, and
 * `totalTokenCount` already includes them (generate-content-response-text.json:
 * 9 + 28 + 244 = 281). Prompt tokens spent on tool-use results (toolUsePromptTokenCount) are
 * counted as prompt tokens so that prompt + completion = total.
 */
import type { Usage } from '../../canonical/chat.js'
import { asNumber, isObject } from '../../wire/json.js'

export function parseUsage(meta: unknown): Usage | undefined {
  if (!isObject(meta)) return undefined
  const prompt = asNumber(meta.promptTokenCount)
  const candidates = asNumber(meta.candidatesTokenCount)
  const thoughts = asNumber(meta.thoughtsTokenCount)
  // Vertex puts `{"trafficType": …}` alone on early chunks: that is no usage at all.
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined
  const usage: Usage = {
    promptTokens: (prompt ?? 0) + (asNumber(meta.toolUsePromptTokenCount) ?? 0),
    completionTokens: (candidates ?? 0) + (thoughts ?? 0),
  }
  const total = asNumber(meta.totalTokenCount)
  if (total !== undefined) usage.totalTokens = total
  const cached = asNumber(meta.cachedContentTokenCount)
  if (cached !== undefined) usage.cachedPromptTokens = cached
  if (thoughts !== undefined) usage.reasoningTokens = thoughts
  return usage
}
