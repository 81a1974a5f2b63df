import { readTokenCounts } from '../../canonical/token-count.js'
import type { EmbeddingsRequest, EmbeddingsResult } from '../../canonical/embeddings.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext, UpstreamRequest } from '../types.js'
import { bearerAuth, upstreamHeaders } from './build-request.js'
import { isObject as isRecord, nonEmptyString } from '../../wire/json.js'

/**
 * A canonical embeddings request as OpenAI's body (the front door's own requests pass through
 * untouched; this serves translated ones). `model` is left out for upstreams that take it from
 * the URL. base64 answers are smaller, and parseOpenAIEmbeddings reads both forms.
 */
export function embeddingsBody(req: EmbeddingsRequest, model: string | undefined): string {
  const body: Record<string, unknown> = model === undefined ? {} : { model }
  body.input = req.single ? req.input[0] : req.input
  body.encoding_format = req.encodingFormat
  if (req.dimensions !== undefined) body.dimensions = req.dimensions
  if (req.user !== undefined) body.user = req.user
  return JSON.stringify(body)
}

export function buildOpenAIEmbeddingsRequest(req: EmbeddingsRequest, ctx: CallContext): UpstreamRequest {
  return {
    url: `${ctx.provider.baseUrl}/embeddings`,
    method: 'POST',
    headers: upstreamHeaders(ctx, bearerAuth(ctx)),
    body: embeddingsBody(req, req.model),
    framing: 'sse',
  }
}

/** An OpenAI `list` of embeddings as float vectors, in input order, whichever encoding it used. */
export function parseOpenAIEmbeddings(body: unknown, ctx: CallContext): EmbeddingsResult {
  if (!isRecord(body) || !Array.isArray(body.data)) throw malformed(ctx, 'it has no data list')
  const items = body.data.map((item, position) => {
    if (!isRecord(item)) throw malformed(ctx, `item ${position} is not an object`)
    const index = typeof item.index === 'number' ? item.index : position
    return { index, vector: readVector(item.embedding, ctx, index) }
  })
  items.sort((a, b) => a.index - b.index)
  const result: EmbeddingsResult = { vectors: items.map((i) => i.vector) }
  const model = nonEmptyString(body.model)
  if (model !== undefined) result.upstreamModel = model
  if (isRecord(body.usage)) {
    const { counts, implausible } = readTokenCounts(body.usage, ['prompt_tokens', 'total_tokens'])
    if (counts.prompt_tokens !== undefined || implausible.length > 0) {
      result.usage = { promptTokens: counts.prompt_tokens ?? 0 }
      if (counts.total_tokens !== undefined) result.usage.totalTokens = counts.total_tokens
      if (implausible.length > 0) result.usage.implausible = implausible
    }
  }
  return result
}

function readVector(value: unknown, ctx: CallContext, index: number): number[] {
  if (typeof value === 'string') return decodeFloat32Base64(value, ctx, index)
  if (Array.isArray(value) && value.every((x): x is number => typeof x === 'number')) return value
  throw malformed(ctx, `embedding ${index} is neither a number array nor a base64 string`)
}

/** base64 of little-endian float32 values, as the API sends for `encoding_format: "base64"`. */
function decodeFloat32Base64(text: string, ctx: CallContext, index: number): number[] {
  const bytes = Buffer.from(text, 'base64')
  if (bytes.byteLength % 4 !== 0) throw malformed(ctx, `embedding ${index} is not a whole number of float32 values`)
  // A DataView, not a Float32Array: Buffer slices need not be 4-byte aligned, and the wire is little-endian.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Array<number>(bytes.byteLength / 4)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

function malformed(ctx: CallContext, why: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${ctx.provider.name}' sent an embeddings answer the gateway cannot read: ${why}.`, {
    provider: ctx.provider.name,
  })
}
