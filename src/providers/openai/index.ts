import type { ProviderAdapter } from '../types.js'
import { buildChatRequest, completionsUrl } from './build-request.js'
import { openaiCapabilities } from './capabilities.js'
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddings } from './embeddings.js'
import { parseOpenAIError } from './parse-error.js'
import { parseOpenAIResponse } from './parse-response.js'
import { parseOpenAIStream } from './parse-stream.js'

/**
 * The OpenAI-compatible family: OpenAI itself, Groq, Together, vLLM, Ollama's /v1, DeepSeek,
 * OpenRouter, Mistral, … The upstream already speaks the gateway's wire format, so the
 * executor may relay its bytes; these functions serve metrics, caching and the canonical path.
 */
export const openaiAdapter: ProviderAdapter = {
  kind: 'openai',
  speaksOpenAI: true,
  capabilities: openaiCapabilities,
  buildRequest: buildChatRequest,
  parseResponse: (body, ctx) => parseOpenAIResponse(body, ctx),
  parseStream: (frames, ctx) => parseOpenAIStream(frames, ctx),
  parseError: parseOpenAIError,
  embeddings: {
    buildEmbeddingsRequest: buildOpenAIEmbeddingsRequest,
    parseEmbeddings: parseOpenAIEmbeddings,
  },
  completionsUrl,
}

export { buildChatRequest, chatBody, upstreamHeaders, bearerAuth, completionsUrl } from './build-request.js'
export { openaiCapabilities } from './capabilities.js'
export { embeddingsBody, buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddings } from './embeddings.js'
export { parseOpenAIError, statusOfStreamError, type ErrorMapper } from './parse-error.js'
export { readErrorBody, type UpstreamErrorInfo } from './read-error-body.js'
export { parseOpenAIResponse } from './parse-response.js'
export { parseOpenAIStream } from './parse-stream.js'
export { retryAfterSeconds, parseGoDuration } from './retry-after.js'
export { isRecord, nonEmptyString, stringField, type JsonRecord } from './json-fields.js'
