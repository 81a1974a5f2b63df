/**
 * Narrowing for the `unknown` JSON that crosses the gateway's edges (client bodies, upstream
 * answers and stream events). One vocabulary for every protocol and provider: `as…` gives the
 * value or undefined; `read…` gives the value or an empty one, for chains that only read.
 * Nothing here throws.
 */
import type { JsonObject } from '../canonical/chat.js'

export type { JsonObject }

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined
}

/** The object, or an empty one when the value is anything else. */
export function readObject(value: unknown): JsonObject {
  return isObject(value) ? value : {}
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined
}

/** The array, or an empty one when the value is anything else. */
export function readArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The value when it is a non-empty string (Azure's prompt-filter chunk sends `id: ""`). */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A finite number, else undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined
}

/** JSON.parse that reports failure instead of throwing. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/** JSON.parse that gives undefined for text that is not JSON (a stream event to skip or report). */
export function parseJsonOrUndefined(text: string): unknown {
  const parsed = tryParseJson(text)
  return parsed.ok ? parsed.value : undefined
}
