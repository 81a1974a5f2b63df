import { readOpenAIChunks } from '../../wire/openai-chat/chunk-reader.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import { readOpenAIResult } from '../../wire/openai-chat/read-result.js'
import { embeddingsBody, encodeChat, openaiCapabilities, readerOptions, statusOfStreamError, upstreamHeaders } from '../openai/index.js'
import { parseOpenAIEmbeddings } from '../openai/embeddings.js'
import { kindAdapter } from '../kind-adapter.js'
import type { ProviderAdapter } from '../types.js'
import { apiKeyAuth, deploymentUrl } from './deployment-url.js'
import { parseAzureError } from './parse-error.js'
import type { CallContext } from '../types.js'
import type { JsonObject } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'

function azureStreamError(body: JsonObject, ctx: CallContext): GatewayError {
  return parseAzureError(statusOfStreamError(body), body, new Headers(), ctx)
}

/**
 * Azure OpenAI: the openai adapter with Azure's URL (deployment in the path, `api-version`
 * from `options.api_version`), its `api-key` header, and its content-filter errors. It speaks
 * OpenAI chat and embeddings natively, so those front doors' bytes pass through (with `model`
 * left out: the deployment in the path picks it). Its streams open with a prompt-filter chunk
 * (`choices: []`, empty `id`/`model`, `created: 0`) that crashes clients reading
 * `chunk.choices[0]` (github.com/langfuse/langfuse/issues/2833, run-llama/llama_index#7640):
 * the relay's tap drops chunks that carry nothing. No native /v1/completions: that door reaches
 * Azure through the core's chat translation.
 */
export const azureAdapter: ProviderAdapter = kindAdapter('azure', {
  kind: 'azure',
  // Deployment names are the user's, but are usually the model's name: the openai table applies.
  capabilities: openaiCapabilities,
  passthrough: {
    speaks: (protocol) => protocol === 'openai-chat' || protocol === 'openai-embeddings',
    request(req, ctx) {
      return {
        url: deploymentUrl(ctx, ctx.model, req.protocol === 'openai-embeddings' ? 'embeddings' : 'chat/completions'),
        method: 'POST',
        headers: upstreamHeaders(ctx, apiKeyAuth(ctx), req.headers),
        body: req.body(undefined),
        framing: 'sse',
      }
    },
    streamError: azureStreamError,
  },
  buildRequest(req, ctx) {
    const body = encodeChat(req, ctx)
    delete body.model
    return { url: deploymentUrl(ctx, req.model, 'chat/completions'), method: 'POST', headers: upstreamHeaders(ctx, apiKeyAuth(ctx)), body: JSON.stringify(mergeOptions(body, req.providerOptions?.azure)), framing: 'sse' }
  },
  parseResponse: (body, ctx) => readOpenAIResult(body, readerOptions(ctx, azureStreamError)),
  parseStream: (frames, ctx) => readOpenAIChunks(frames, readerOptions(ctx, azureStreamError)),
  parseError: parseAzureError,
  embeddings: {
    buildEmbeddingsRequest(req, ctx) {
      return {
        url: deploymentUrl(ctx, req.model, 'embeddings'),
        method: 'POST',
        headers: upstreamHeaders(ctx, apiKeyAuth(ctx)),
        body: embeddingsBody(req, undefined),
        framing: 'sse',
      }
    },
    parseEmbeddings: parseOpenAIEmbeddings,
  },
})
