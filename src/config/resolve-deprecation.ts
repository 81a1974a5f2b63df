/** routes.yaml `deprecated:` → a Deprecation, dates as epoch milliseconds. */
import type { Deprecation } from './types.js'
import type { RawRoute } from './schema/routes-file.js'

export type RawDeprecation = NonNullable<RawRoute['deprecated']>

/** A date as written: `2026-06-30` is midnight UTC of that day; a timestamp is taken as written. */
export function parseConfigDate(text: string): number | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
  return Number.isNaN(ms) ? undefined : ms
}

/** The Deprecation, or a problem (for the issue at `deprecated`). */
export function toDeprecation(raw: RawDeprecation, aliases: ReadonlySet<string>): { ok: true; value: Deprecation } | { ok: false; problem: string } {
  const value: Deprecation = { afterSunset: raw.after_sunset ?? 'refuse' }
  for (const key of ['since', 'sunset'] as const) {
    const text = raw[key]
    if (text === undefined) continue
    const ms = parseConfigDate(text)
    if (ms === undefined) return { ok: false, problem: `${key} '${text}' is not a date` }
    value[key] = ms
  }
  if (raw.successor !== undefined) {
    if (!aliases.has(raw.successor)) return { ok: false, problem: `successor '${raw.successor}' is not an alias declared under models` }
    value.successor = raw.successor
  }
  if (value.afterSunset === 'redirect' && value.successor === undefined) return { ok: false, problem: 'after_sunset: redirect needs a successor' }
  if (raw.message !== undefined) value.message = raw.message
  return { ok: true, value }
}
