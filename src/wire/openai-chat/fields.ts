/** Reading the two OpenAI-chat fields whose shape varies across the compatible family. */
import { isObject } from '../json.js'

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
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') {
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
