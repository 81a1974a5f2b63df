import { parseOpenAIEmbeddings, parseOpenAIError, parseOpenAIResponse, parseOpenAIStream } from '../openai/index.js'
import { kindAdapter } from '../kind-adapter.js'
import type { ProviderAdapter } from '../types.js'
import { answerChat } from './chat-answer.js'
import { answerEmbeddings } from './embeddings-answer.js'
import { fakeSettings } from './settings.js'

/**
 * The built-in deterministic model, for demos, tests and benchmarks. No network: the request
 * carries a `local` function that answers in-process in OpenAI's wire format, so the gateway
 * runs the same relay path as for a real OpenAI-compatible upstream, and the openai parsers
 * read its answers. Settings (routes.yaml, resolved by options.ts): `ttft_ms` (50),
 * `tokens_per_second` (200), `embedding_dimensions` (16). Magic prompts (`fake:error 429`, …): see magic-prompt.ts.
 *
 * Tools, `n`, stop sequences and other sampling parameters are accepted and ignored: the fake
 * always answers with text, one choice.
 *
 * No `completionsUrl`: a local answer has no URL to relay to; /v1/completions reaches the fake
 * through the core's chat translation.
 */
export const fakeAdapter: ProviderAdapter = kindAdapter('fake', {
  kind: 'fake',
  speaksOpenAI: true,
  capabilities: () => ({ streaming: true, tools: true, vision: true, jsonSchema: true, embeddings: true, contextWindow: 131072 }),
  buildRequest(req, ctx) {
    const settings = fakeSettings(ctx.provider.options)
    return {
      url: `${ctx.provider.baseUrl}/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      framing: 'sse',
      local: (signal) => answerChat(req, ctx, settings, signal),
    }
  },
  parseResponse: (body, ctx) => parseOpenAIResponse(body, ctx),
  parseStream: (frames, ctx) => parseOpenAIStream(frames, ctx),
  parseError: parseOpenAIError,
  embeddings: {
    buildEmbeddingsRequest(req, ctx) {
      const settings = fakeSettings(ctx.provider.options)
      return {
        url: `${ctx.provider.baseUrl}/embeddings`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        framing: 'sse',
        local: (signal) => answerEmbeddings(req, settings, signal),
      }
    },
    parseEmbeddings: parseOpenAIEmbeddings,
  },
})
