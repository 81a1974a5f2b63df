import type { JsonObject } from '../canonical/chat.js'
import type { EmbeddingsRequest } from '../canonical/embeddings.js'
import { embeddingsRequestSchema } from './chat-request-schema.js'
import { compileValidator } from './validate.js'

const validateEmbeddings = compileValidator(embeddingsRequestSchema)

export function decodeEmbeddingsRequest(body: unknown): { request: EmbeddingsRequest; requestedModel: string } {
  validateEmbeddings(body)
  const raw = body as Record<string, unknown>
  const input = raw.input as string | string[] | number[] | number[][]
  let normalized: string[] | number[][]
  let single = false
  if (typeof input === 'string') {
    normalized = [input]
    single = true
  } else if (typeof input[0] === 'number') {
    normalized = [input as number[]]
    single = true
  } else normalized = input as string[] | number[][]
  const request: EmbeddingsRequest = {
    model: raw.model as string,
    input: normalized,
    single,
    encodingFormat: raw.encoding_format === 'base64' ? 'base64' : 'float',
    raw: raw as JsonObject,
  }
  if (typeof raw.dimensions === 'number') request.dimensions = raw.dimensions
  if (typeof raw.user === 'string') request.user = raw.user
  return { request, requestedModel: raw.model as string }
}
