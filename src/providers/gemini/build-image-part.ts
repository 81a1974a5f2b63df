/**
 * An image URL → a Gemini part.
 *
 * - `data:<mime>;base64,<data>` → `inlineData {mimeType, data}`.
 * - `https://…` → `fileData {fileUri, mimeType?}`. The Gemini API fetches public (and
 *   pre-signed) HTTPS URLs given as `fileData.fileUri` ("You can pass any publicly accessible
 *   URL… directly in your generation request": blog.google, "Increased file size limits and
 *   expanded inputs support in Gemini API"; `FileData.mimeType` is optional). The MIME type is
 *   sent when the file extension names a format Gemini reads.
 *
 * The OpenAI `detail` hint has no Gemini equivalent in v1beta and is ignored.
 */
import type { JsonObject } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  gif: 'image/gif',
}

/** Returns undefined when the part was dropped (drop_params). */
export function toGeminiPart(url: string, ctx: CallContext): JsonObject | undefined {
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]+);base64,(.*)$/s.exec(url)
    if (match === null) {
      throw new GatewayError('invalid_request', 'An image data URL must have the form data:<mime>;base64,<data>.', {
        param: 'messages',
      })
    }
    return { inlineData: { mimeType: match[1], data: match[2] } }
  }
  if (url.startsWith('https://')) {
    const mimeType = guessMime(url)
    return { fileData: mimeType === undefined ? { fileUri: url } : { mimeType, fileUri: url } }
  }
  unsupportedParam(ctx, 'messages', 'image URLs other than https:// or data: URLs')
  return undefined
}

function guessMime(url: string): string | undefined {
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    return undefined
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase()
  return ext === undefined ? undefined : MIME_BY_EXTENSION[ext]
}
