/**
 * How long to wait after a 429, in seconds, from what an OpenAI-family upstream tells us.
 * Preference, most explicit first (the order the official SDKs use for the first two,
 * openai-python `_base_client.py` `_parse_retry_after_header`):
 *   1. `retry-after-ms` (OpenAI, Azure)
 *   2. `retry-after`: seconds, or an HTTP date
 *   3. the body's own hint: "Please try again in 18.642s" (OpenAI), "Please retry after 6 seconds" (Azure)
 *   4. `x-ratelimit-reset-{requests,tokens}` (Go durations such as `6m0s`, `120ms`): the reset
 *      of the bucket that is exhausted (`x-ratelimit-remaining-*` = 0), the longest if both
 *      are; when neither is known to be exhausted, the shortest reset.
 */
export function retryAfterSeconds(headers: Headers, message: string | undefined, now: number = Date.now()): number | undefined {
  const ms = finiteNumber(headers.get('retry-after-ms'))
  if (ms !== undefined) return Math.max(0, ms / 1000)

  const ra = headers.get('retry-after')
  if (ra !== null) {
    const seconds = finiteNumber(ra)
    if (seconds !== undefined) return Math.max(0, seconds)
    const date = Date.parse(ra)
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000)
  }

  const hinted = message === undefined ? undefined : hintInMessage(message)
  if (hinted !== undefined) return hinted

  const buckets = ['requests', 'tokens']
    .map((b) => ({
      reset: parseGoDuration(headers.get(`x-ratelimit-reset-${b}`)),
      remaining: finiteNumber(headers.get(`x-ratelimit-remaining-${b}`)),
    }))
    .filter((b): b is { reset: number; remaining: number | undefined } => b.reset !== undefined)
  if (buckets.length === 0) return undefined
  const exhausted = buckets.filter((b) => b.remaining === 0)
  if (exhausted.length > 0) return Math.max(...exhausted.map((b) => b.reset))
  return Math.min(...buckets.map((b) => b.reset))
}

function finiteNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

const HINT = /(?:try again in|retry after)\s+([0-9][0-9.hmsuµn]*)(?:\s*(milliseconds?|seconds?|secs?|minutes?|mins?)\b)?/i
const WORD_UNITS: Readonly<Record<string, number>> = { millisecond: 1e-3, second: 1, sec: 1, minute: 60, min: 60 }

/** The wait an error message suggests, in seconds. */
function hintInMessage(message: string): number | undefined {
  const m = HINT.exec(message)
  if (m === null) return undefined
  const value = m[1]
  const unit = m[2]?.toLowerCase()
  if (unit !== undefined) {
    const n = Number(value)
    const scale = WORD_UNITS[unit.replace(/s$/, '')]
    return Number.isFinite(n) && scale !== undefined ? n * scale : undefined
  }
  return parseGoDuration(value.replace(/\.$/, ''))
}

const GO_UNITS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 }

/** A Go `time.Duration` string (`6m0s`, `120ms`, `1h2m3.5s`) in seconds; a bare number is seconds. */
export function parseGoDuration(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (text === '') return undefined
  const bare = finiteNumber(text)
  if (bare !== undefined) return bare
  const part = /([0-9]+(?:\.[0-9]+)?)(ms|us|µs|ns|h|m|s)/y
  let total = 0
  let at = 0
  while (at < text.length) {
    part.lastIndex = at
    const m = part.exec(text)
    if (m === null) return undefined
    total += Number(m[1]) * GO_UNITS[m[2]]
    at = part.lastIndex
  }
  return total
}
