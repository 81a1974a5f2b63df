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
import { readTokenCounts } from '../../canonical/token-count.js'
import { isObject } from '../../wire/json.js'

const FIELDS = ['promptTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount', 'toolUsePromptTokenCount', 'totalTokenCount', 'cachedContentTokenCount'] as const

export function parseUsage(meta: unknown): Usage | undefined {
  if (!isObject(meta)) return undefined
  const { counts: c, implausible } = readTokenCounts(meta, FIELDS)
  const { promptTokenCount: prompt, candidatesTokenCount: candidates, thoughtsTokenCount: thoughts } = c
  // Vertex puts `{"trafficType": …}` alone on early chunks: that is no usage at all.
  if (prompt === undefined && candidates === undefined && thoughts === undefined && implausible.length === 0) return undefined
  const usage: Usage = {
    promptTokens: (prompt ?? 0) + (c.toolUsePromptTokenCount ?? 0),
    completionTokens: (candidates ?? 0) + (thoughts ?? 0),
  }
  if (c.totalTokenCount !== undefined) usage.totalTokens = c.totalTokenCount
  if (c.cachedContentTokenCount !== undefined) usage.cachedPromptTokens = c.cachedContentTokenCount
  if (thoughts !== undefined) usage.reasoningTokens = thoughts
  if (implausible.length > 0) usage.implausible = implausible
  return usage
}
