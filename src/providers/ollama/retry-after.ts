/**
 * Seconds to wait, from `retry-after-ms`, then `retry-after` (seconds or an HTTP date): the
 * order the official SDKs use (fixtures/SOURCES.md, OpenAI and Anthropic rate-limit notes).
 */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000
  const raw = headers.get('retry-after')
  if (raw === null || raw.trim() === '') return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const date = Date.parse(raw)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, (date - Date.now()) / 1000)
}
