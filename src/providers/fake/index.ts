import { parseOpenAIEmbeddings, parseOpenAIError, parseOpenAIResponse, parseOpenAIStream } from '../openai/index.js'
import type { ProviderAdapter } from '../types.js'
import { FAKE_CAPABILITIES } from './capabilities.js'
import { answerChat } from './chat-answer.js'
import { answerEmbeddings } from './embeddings-answer.js'
import { fakeSettings } from './settings.js'

/**
 * The built-in deterministic model, for demos, tests and benchmarks. No network: the request
 * carries a `local` function that answers in-process in OpenAI's wire format, so the gateway
 * runs the same relay path as for a real OpenAI-compatible upstream, and the openai parsers
 * read its answers. Settings (routes.yaml `options`): `ttft_ms` (50), `tokens_per_second`
 * (200), `embedding_dimensions` (16).
 *
 * It answers text (echo and filler), tool calls with arguments generated from each function's
 * JSON Schema (plan.ts says which function and when), structured outputs valid against their
 * schema, `n` choices, `stop`, `max_tokens` (capped: capabilities.ts), `seed` and `logprobs`.
 * Magic prompts (`fake:error 429`, `fake:invalid-tool-args once`, …): see magic-prompt.ts.
 *
 * No `completionsUrl`: a local answer has no URL to relay to; /v1/completions reaches the fake
 * through the core's chat translation.
 */
export const fakeAdapter: ProviderAdapter = {
  kind: 'fake',
  speaksOpenAI: true,
  capabilities: () => ({ ...FAKE_CAPABILITIES }),
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
}
