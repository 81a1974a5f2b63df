import type { Ajv } from 'ajv'
import type { JsonObject } from '../../canonical/chat.js'
import type { EmbeddingsRequest } from '../../canonical/embeddings.js'
import { embeddingsRequestSchema } from './request-schema.js'
import { compileValidator } from '../validate.js'

export interface DecodedEmbeddings {
  request: EmbeddingsRequest
  requestedModel: string
  /** The client's body: what an OpenAI-compatible upstream gets back, model replaced. */
  raw: JsonObject
}

/** The embeddings decoder, its schema compiled once with the app's Ajv. */
export function createEmbeddingsDecoder(ajv: Ajv): (body: unknown) => DecodedEmbeddings {
  const validate = compileValidator(ajv, embeddingsRequestSchema)
  return (body) => {
    validate(body)
    return decodeEmbeddingsRequest(body as Record<string, unknown>)
  }
}

function decodeEmbeddingsRequest(raw: Record<string, unknown>): DecodedEmbeddings {
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
  }
  if (typeof raw.dimensions === 'number') request.dimensions = raw.dimensions
  if (typeof raw.user === 'string') request.user = raw.user
  return { request, requestedModel: raw.model as string, raw: raw as JsonObject }
}
