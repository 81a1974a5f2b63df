import type { EmbeddingsResult } from '../../canonical/embeddings.js'
import { isObject } from '../json.js'

/** How far from the end of the body the usage object is looked for. */
const TAIL_BYTES = 512
// OpenAI puts `usage` last: a flat object of counts. Anything else falls back to a full parse.
const USAGE = /"usage"\s*:\s*(\{[^{}]*\})\s*\}\s*$/

/**
 * The usage of an OpenAI embeddings answer read from the end of its bytes, without parsing
 * the vectors before it (a 16 × 1536 answer is ~400 KB of JSON; parsing it cost more than the
 * rest of the request, measured in npm run bench). Undefined when the tail is not the usual
 * shape; the caller then parses the whole body.
 */
export function trailingEmbeddingsUsage(body: Buffer): EmbeddingsResult['usage'] | undefined {
  if (body.length === 0 || body[0] !== 0x7b /* { */) return undefined
  const tail = body.subarray(Math.max(0, body.length - TAIL_BYTES)).toString('utf8')
  const m = USAGE.exec(tail)
  if (m === null) return undefined
  let usage: unknown
  try {
    usage = JSON.parse(m[1]!)
  } catch {
    return undefined
  }
  if (!isObject(usage)) return undefined
  const { prompt_tokens: prompt, total_tokens: total } = usage
  if (typeof prompt !== 'number') return undefined
  return typeof total === 'number' ? { promptTokens: prompt, totalTokens: total } : { promptTokens: prompt }
}
