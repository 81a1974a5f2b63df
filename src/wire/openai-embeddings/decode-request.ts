import type { JsonObject } from '../../canonical/chat.js'
import type { EmbeddingsRequest } from '../../canonical/embeddings.js'
import type { EmbeddingsBody } from './request-schema.js'
import { EMBEDDINGS_REQUEST_SCHEMA } from './request-schema.generated.js'
import type { RequestSchemas } from '../validate.js'

export interface DecodedEmbeddings {
  request: EmbeddingsRequest
  requestedModel: string
  /** The client's body: what an OpenAI-compatible upstream gets back, model replaced. */
  raw: JsonObject
}

/** The embeddings decoder, its schema compiled once (on first use) by the app's RequestSchemas. */
export function createEmbeddingsDecoder(schemas: RequestSchemas): (body: unknown) => DecodedEmbeddings {
  const validate = schemas.validator<EmbeddingsBody>(EMBEDDINGS_REQUEST_SCHEMA)
  return (body) => decodeEmbeddingsRequest(validate(body))
}

function decodeEmbeddingsRequest(body: EmbeddingsBody): DecodedEmbeddings {
  const { input } = body
  let normalized: string[] | number[][]
  let single = false
  if (typeof input === 'string') {
    normalized = [input]
    single = true
  } else if (isTokenList(input)) {
    normalized = [input]
    single = true
  } else normalized = input
  const request: EmbeddingsRequest = { model: body.model, input: normalized, single, encodingFormat: body.encoding_format === 'base64' ? 'base64' : 'float' }
  if (body.dimensions !== undefined) request.dimensions = body.dimensions
  if (body.user !== undefined) request.user = body.user
  return { request, requestedModel: body.model, raw: body }
}

/** One pre-tokenised input (an array of token ids), as opposed to a list of inputs. */
function isTokenList(input: string[] | number[] | number[][]): input is number[] {
  return typeof input[0] === 'number'
}
