/** The AWS Bedrock adapter: Converse / ConverseStream for chat, InvokeModel for embeddings. */
import { kindAdapter } from '../kind-adapter.js'
import type { ProviderAdapter } from '../types.js'
import { buildBedrockRequest } from './build-request.js'
import { bedrockCapabilities } from './capabilities.js'
import { bedrockEmbeddings } from './embeddings.js'
import { parseBedrockError } from './parse-error.js'
import { parseBedrockResponse } from './parse-response.js'
import { parseBedrockStream } from './parse-stream.js'

export const bedrockAdapter: ProviderAdapter = kindAdapter('bedrock', {
  kind: 'bedrock',
  capabilities: bedrockCapabilities,
  buildRequest: buildBedrockRequest,
  parseResponse: parseBedrockResponse,
  parseStream: parseBedrockStream,
  parseError: parseBedrockError,
  embeddings: bedrockEmbeddings,
})
