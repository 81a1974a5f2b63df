import { isObject as isRecord, asString as stringField } from '../../wire/json.js'

/** What an OpenAI-family error body says, whatever its shape. */
export interface UpstreamErrorInfo {
  message?: string
  type?: string
  code?: string
  param?: string
  /** A status the body states itself (vLLM `code: 400`, Azure `code: "429"`, OpenRouter `code: 502`). */
  status?: number
  /** The object holding the fields (for provider-specific extras such as Azure's `innererror`). */
  fields?: Record<string, unknown>
}

/**
 * Reads the shapes seen from the compatible family:
 *   `{"error":{"message","type","param","code"}}` (OpenAI, Azure, Groq, DeepSeek, OpenRouter)
 *   `{"object":"error","message","type","param","code"}` (vLLM, Mistral)
 *   `{"error":"text"}` (Ollama), `{"detail": …}` (FastAPI-based servers)
 *   a JSON text not yet parsed, or HTML/plain text from a proxy in front of the upstream.
 */
export function readErrorBody(body: unknown): UpstreamErrorInfo {
  if (typeof body === 'string') return readText(body)
  if (body instanceof Uint8Array) return readText(new TextDecoder().decode(body))
  if (!isRecord(body)) return {}
  if (typeof body.error === 'string') return { message: body.error }
  const fields = isRecord(body.error) ? body.error : body
  const info: UpstreamErrorInfo = { fields }
  const message = stringField(fields.message) ?? detailText(fields.detail)
  if (message !== undefined) info.message = message
  const type = stringField(fields.type)
  if (type !== undefined) info.type = type
  const param = stringField(fields.param)
  if (param !== undefined) info.param = param
  const code = fields.code
  if (typeof code === 'string' && code !== '') {
    if (/^[1-5][0-9][0-9]$/.test(code)) info.status = Number(code)
    else info.code = code
  } else if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599) {
    info.status = code
  }
  if (info.status === undefined && typeof fields.status === 'number') info.status = fields.status
  return info
}

function readText(text: string): UpstreamErrorInfo {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (trimmed.startsWith('{')) {
    try {
      return readErrorBody(JSON.parse(trimmed) as unknown)
    } catch {
      // not JSON after all: fall through to the text summary
    }
  }
  return { message: summarize(trimmed) }
}

/** A short, single-line summary of an HTML or text body (a proxy's 502 page). */
function summarize(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)
  const plain = (title !== null ? title[1] : text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim()
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain
}

function detailText(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail
  if (detail === undefined || detail === null) return undefined
  return JSON.stringify(detail)
}
