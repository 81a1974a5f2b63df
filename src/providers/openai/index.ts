import { readOpenAIChunks } from '../../wire/openai-chat/chunk-reader.js'
import { readOpenAIResult } from '../../wire/openai-chat/read-result.js'
import type { ProviderAdapter } from '../types.js'
import { buildChatRequest, buildPassthroughRequest, openaiSpeaks } from './build-request.js'
import { openaiCapabilities } from './capabilities.js'
import { buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddings } from './embeddings.js'
import { parseOpenAIError, statusOfStreamError } from './parse-error.js'
import { readerOptions } from './reader-options.js'
import type { CallContext } from '../types.js'
import type { JsonObject } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'

/** An OpenAI-shaped error inside a 200 answer (a stream's `{"error":…}` frame, an error body). */
export function openaiStreamError(body: JsonObject, ctx: CallContext): GatewayError {
  return parseOpenAIError(statusOfStreamError(body), body, new Headers(), ctx)
}

/**
 * The OpenAI-compatible family: OpenAI itself, Groq, Together, vLLM, llama.cpp, Ollama's /v1,
 * DeepSeek, OpenRouter, Mistral, … The upstream speaks OpenAI's protocols natively, so requests
 * from those front doors pass through and only the answer is tapped; requests from other front
 * doors (Anthropic Messages) are translated to chat completions by these functions.
 */
export const openaiAdapter: ProviderAdapter = {
  kind: 'openai',
  capabilities: openaiCapabilities,
  passthrough: {
    speaks: (protocol, provider) => openaiSpeaks(protocol, provider.options),
    keepsState: (protocol, provider) => protocol === 'openai-responses' && provider.options.responses_store === true,
    request: buildPassthroughRequest,
    streamError: openaiStreamError,
  },
  buildRequest: buildChatRequest,
  parseResponse: (body, ctx) => readOpenAIResult(body, readerOptions(ctx, openaiStreamError)),
  parseStream: (frames, ctx) => readOpenAIChunks(frames, readerOptions(ctx, openaiStreamError)),
  parseError: parseOpenAIError,
  embeddings: {
    buildEmbeddingsRequest: buildOpenAIEmbeddingsRequest,
    parseEmbeddings: parseOpenAIEmbeddings,
  },
}

export { buildChatRequest, encodeChat, upstreamHeaders, bearerAuth, buildPassthroughRequest } from './build-request.js'
export { openaiCapabilities } from './capabilities.js'
export { embeddingsBody, buildOpenAIEmbeddingsRequest, parseOpenAIEmbeddings } from './embeddings.js'
export { parseOpenAIError, statusOfStreamError, type ErrorMapper } from './parse-error.js'
export { readErrorBody, type UpstreamErrorInfo } from './read-error-body.js'
export { retryAfterSeconds, parseGoDuration } from './retry-after.js'
export { readerOptions } from './reader-options.js'
