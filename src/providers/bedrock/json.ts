/** Narrowing helpers for Bedrock's JSON: everything from the wire starts as `unknown`. */
import type { JsonObject } from '../../canonical/chat.js'

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** The array, or an empty one when the value is anything else. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** The object, or an empty one when the value is anything else. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {}
}

/** JSON.parse that returns undefined instead of throwing. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}
