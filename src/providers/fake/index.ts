import { GatewayError } from '../../errors/gateway-error.js'
import { readOpenAIChunks } from '../../wire/openai-chat/chunk-reader.js'
import { readOpenAIResult } from '../../wire/openai-chat/read-result.js'
import { openaiStreamError, parseOpenAIEmbeddings, parseOpenAIError, readerOptions } from '../openai/index.js'
import { kindAdapter } from '../kind-adapter.js'
import { FAKE_CAPABILITIES } from './capabilities.js'
import type { CallContext, ProviderAdapter, UpstreamRequest } from '../types.js'
import type { ChatRequest } from '../../canonical/chat.js'
import { answerChat } from './chat-answer.js'
import { answerEmbeddings } from './embeddings-answer.js'
import { fakeSettings } from './settings.js'

/**
 * The built-in deterministic model, for demos, tests and benchmarks. No network: the request
 * carries a `local` function that answers in-process in OpenAI's chat wire format, so the
 * OpenAI chat front door relays and taps it exactly as it would a real OpenAI-compatible
 * upstream, and other front doors read it with the openai readers. Settings (routes.yaml,
 * resolved by options.ts): `ttft_ms` (50), `tokens_per_second` (200), `embedding_dimensions` (16).
 *
 * It answers text (echo and filler), tool calls with arguments generated from each function's
 * JSON Schema (plan.ts says which function and when), structured outputs valid against their
 * schema, `n` choices, `stop`, `max_tokens` (capped: capabilities.ts), `seed` and `logprobs`.
 * Magic prompts (`fake:error 429`, `fake:invalid-tool-args once`, …): see magic-prompt.ts.
 * /v1/completions reaches it through chat translation.
 */
export const fakeAdapter: ProviderAdapter = kindAdapter('fake', {
  kind: 'fake',
  capabilities: () => ({ ...FAKE_CAPABILITIES }),
  passthrough: {
    speaks: (protocol) => protocol === 'openai-chat',
    request(req, ctx) {
      if (req.request === undefined) throw new GatewayError('internal', 'The fake model answers chat requests only.')
      return localChat(req.request, ctx)
    },
    streamError: openaiStreamError,
  },
  buildRequest: localChat,
  parseResponse: (body, ctx) => readOpenAIResult(body, readerOptions(ctx, openaiStreamError)),
  parseStream: (frames, ctx) => readOpenAIChunks(frames, readerOptions(ctx, openaiStreamError)),
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

/** The request for an in-process answer to a chat request, whichever front door it came through. */
function localChat(req: ChatRequest, ctx: CallContext<'fake'>): UpstreamRequest {
  const settings = fakeSettings(ctx.provider.options)
  return {
    url: `${ctx.provider.baseUrl}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    framing: 'sse',
    local: (signal) => answerChat(req, ctx, settings, signal),
  }
}
