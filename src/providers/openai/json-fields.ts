/**
 * Narrowing helpers for the unknown JSON an OpenAI-compatible upstream sends. Each reads one
 * field once; nothing here throws.
 */
export type JsonRecord = Record<string, unknown>

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value when it is a string, else undefined. */
export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The value when it is a non-empty string (Azure's prompt-filter chunk sends `id: ""`). */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Message or delta `content` as text. OpenAI sends a string (or null); Mistral's reasoning
 * models send an array of parts, of which only `{type: "text"}` parts are answer text.
 */
export function contentText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (!Array.isArray(value)) return undefined
  let text = ''
  let any = false
  for (const part of value) {
    if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') {
      text += part.text
      any = true
    }
  }
  return any ? text : undefined
}

/** Tool-call arguments as JSON text: OpenAI sends a string; some compatible servers send an object. */
export function argumentsText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value === undefined || value === null) return undefined
  return JSON.stringify(value)
}
