import { chatBody, embeddingsBody, openaiCapabilities, parseOpenAIEmbeddings, parseOpenAIResponse, parseOpenAIStream, upstreamHeaders } from '../openai/index.js'
import { kindAdapter } from '../kind-adapter.js'
import type { ProviderAdapter } from '../types.js'
import { apiKeyAuth, deploymentUrl } from './deployment-url.js'
import { parseAzureError } from './parse-error.js'

/**
 * Azure OpenAI: the openai adapter with Azure's URL (deployment in the path, `api-version`
 * from `options.api_version`), its `api-key` header, and its content-filter errors. Answers,
 * streams and embeddings are read by the openai functions unchanged: they already skip
 * Azure's prompt-filter chunk (`choices: []`, empty `id`/`model`, `created: 0`) and ignore
 * `content_filter_results`; `finish_reason: "content_filter"` maps as for OpenAI.
 *
 * Not `speaksOpenAI`: relayed as-is, that first chunk reaches clients, and the common
 * `chunk.choices[0]` crashes on it (IndexError/undefined). Reported against many clients, e.g.
 * github.com/langfuse/langfuse/issues/2833, github.com/seratch/ChatGPT-in-Slack/pull/49,
 * github.com/run-llama/llama_index/issues/7640. The canonical path re-encodes the stream as
 * OpenAI's, with the real id and model on every chunk. For the same reason there is no
 * `completionsUrl`: /v1/completions reaches Azure through the core's chat translation.
 */
export const azureAdapter: ProviderAdapter = kindAdapter('azure', {
  kind: 'azure',
  speaksOpenAI: false,
  // Deployment names are the user's, but are usually the model's name: the openai table applies.
  capabilities: openaiCapabilities,
  buildRequest(req, ctx) {
    return {
      url: deploymentUrl(ctx, req.model, 'chat/completions'),
      method: 'POST',
      headers: upstreamHeaders(ctx, apiKeyAuth(ctx)),
      // The deployment picks the model: the body carries none.
      body: JSON.stringify(chatBody(req, undefined)),
      framing: 'sse',
    }
  },
  parseResponse: (body, ctx) => parseOpenAIResponse(body, ctx, parseAzureError),
  parseStream: (frames, ctx) => parseOpenAIStream(frames, ctx, parseAzureError),
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
