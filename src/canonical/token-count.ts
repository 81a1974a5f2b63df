/**
 * Token counts read from an upstream are checked before anything counts them: a count is a
 * non-negative safe integer no larger than MAX_TOKEN_COUNT. Anything else (`1e308`, `-5`,
 * `1.5`, `"12"`, `NaN`) is dropped, as if absent, and named in `implausible` so the caller can
 * log it; it never reaches switchyard_tokens_total, a tpm window or a spend counter, which
 * keep whatever they are given for good.
 */

/** A hundred million tokens: far above any context window or answer today (about 10M at most). */
export const MAX_TOKEN_COUNT = 100_000_000

/** `value` when it is a plausible token count, else undefined. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_TOKEN_COUNT ? value : undefined
}

export interface TokenCounts<F extends string> {
  /** The plausible counts among `fields`. */
  counts: Partial<Record<F, number>>
  /** `field=value` for each field present (not null) whose value is not a plausible count. */
  implausible: string[]
}

/** Reads `fields` of an upstream's usage object as token counts. */
export function readTokenCounts<F extends string>(raw: Readonly<Record<string, unknown>>, fields: readonly F[]): TokenCounts<F> {
  const counts: Partial<Record<F, number>> = {}
  const implausible: string[] = []
  for (const field of fields) {
    const value = raw[field]
    if (value === undefined || value === null) continue
    const count = tokenCount(value)
    if (count === undefined) implausible.push(`${field}=${describe(value)}`)
    else counts[field] = count
  }
  return { counts, implausible }
}

/** A short, single-line rendering of a rejected value (it may be anything). */
function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : typeof value
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
