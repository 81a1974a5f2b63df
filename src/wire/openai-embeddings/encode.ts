import type { EmbeddingsRequest, EmbeddingsResult } from '../../canonical/embeddings.js'

/** OpenAI's base64 form: the little-endian float32 bytes of the vector. */
export function vectorToBase64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4)
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4)
  return bytes.toString('base64')
}

export function base64ToVector(b64: string): number[] {
  const bytes = Buffer.from(b64, 'base64')
  const out: number[] = new Array(bytes.length / 4)
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4)
  return out
}

/** A canonical embeddings result as OpenAI's `list` of `embedding` objects, in the encoding the client asked for. */
export function encodeEmbeddings(result: EmbeddingsResult, request: EmbeddingsRequest, fallbackModel: string): Record<string, unknown> {
  const prompt = result.usage?.promptTokens ?? 0
  return {
    object: 'list',
    data: result.vectors.map((v, index) => ({
      object: 'embedding',
      index,
      embedding: request.encodingFormat === 'base64' ? vectorToBase64(v) : v,
    })),
    model: result.upstreamModel ?? fallbackModel,
    usage: { prompt_tokens: prompt, total_tokens: result.usage?.totalTokens ?? prompt },
  }
}
