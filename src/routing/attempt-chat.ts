import type { ChatRequest, ChatResult } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { UpstreamRequest } from '../providers/types.js'
import { unsupportedParam } from '../providers/unsupported-param.js'
import { decodeFrames } from '../streaming/decode-frames.js'
import { decodeSseBatches } from '../streaming/decode-sse.js'
import { encodeCanonicalStream, type EventEncoder } from '../streaming/encode-canonical-stream.js'
import { createChunkEncoder } from '../streaming/encode-openai-chunks.js'
import { relayOpenAIStream } from '../streaming/relay-openai-stream.js'
import { newTally, type StreamPiece, type StreamTally } from '../streaming/stream-piece.js'
import type { UpstreamClient } from '../upstream/client.js'
import { encodeChatCompletion, type ResponseMeta } from '../wire/encode-chat-completion.js'
import { createCompletionChunkEncoder, encodeTextCompletion, parseTextCompletion } from '../wire/encode-completion.js'
import { completionsOnlyParams, refuseCompletionsOnly } from '../wire/decode-completions-request.js'
import type { AttemptTarget } from './attempt-target.js'
import { readJson, sendChecked } from './send.js'

export type ChatAnswer =
  | { kind: 'json'; body: string; result: ChatResult; upstreamMs: number }
  | { kind: 'stream'; head: StreamPiece[]; rest: AsyncIterator<StreamPiece>; tally: StreamTally }

export interface ChatAttemptInput {
  request: ChatRequest
  /** Parts of the client's request the canonical model does not carry (see decode-chat-request). */
  unmodelled: string[]
  /** id and created for answers the gateway encodes itself. */
  meta: ResponseMeta
  /** `completions` serves /v1/completions: relayed to a native endpoint, else translated through chat. */
  mode: 'chat' | 'completions'
  /** Number of prompts in a completions request. */
  promptCount?: number
}

/** How one attempt talks to its upstream: relay its OpenAI bytes, or translate through the canonical model. */
interface Plan {
  upstream: UpstreamRequest
  relay: boolean
  parseJson(json: unknown): ChatResult
  encodeResult(result: ChatResult, meta: ResponseMeta): unknown
  encoder(meta: ResponseMeta): EventEncoder
}

async function plan(target: AttemptTarget, request: ChatRequest, input: ChatAttemptInput): Promise<Plan> {
  const { adapter, callCtx } = target
  if (input.mode === 'completions') {
    const native = adapter.speaksOpenAI ? adapter.completionsUrl?.(callCtx) : undefined
    if (native !== undefined) {
      const body: Record<string, unknown> = { ...request.raw, model: request.model }
      if (request.stream) body.stream_options = { ...(request.raw.stream_options as object | undefined), include_usage: true }
      return {
        upstream: { url: native.url, method: 'POST', headers: native.headers, body: JSON.stringify(body), framing: 'sse' },
        relay: true,
        parseJson: parseTextCompletion,
        encodeResult: encodeTextCompletion,
        encoder: (m) => createCompletionChunkEncoder(m, request.includeUsage),
      }
    }
    refuseCompletionsOnly(completionsOnlyParams(request.raw, input.promptCount ?? 1), target.provider.name)
  }
  const relay = input.mode === 'chat' && adapter.speaksOpenAI
  if (!relay) for (const part of input.unmodelled) unsupportedParam(callCtx, part, 'content of this type cannot be translated')
  return {
    upstream: await adapter.buildRequest(request, callCtx),
    relay,
    parseJson: (json) => adapter.parseResponse(json, callCtx),
    encodeResult: input.mode === 'chat' ? encodeChatCompletion : encodeTextCompletion,
    encoder: input.mode === 'chat' ? (m) => createChunkEncoder(m, request.includeUsage) : (m) => createCompletionChunkEncoder(m, request.includeUsage),
  }
}

/**
 * One attempt of a chat (or completions) request at one deployment. Resolves once the answer
 * is committed: the JSON body read, or the stream's first piece carrying content, a tool call
 * or the finish. A failure before that rejects, and the executor may try another deployment.
 */
export async function attemptChat(upstream: UpstreamClient, target: AttemptTarget, input: ChatAttemptInput): Promise<ChatAnswer> {
  const { adapter, callCtx, provider } = target
  const request: ChatRequest = { ...input.request, model: target.deployment.model }
  const p = await plan(target, request, input)
  const started = performance.now()
  const res = await sendChecked(upstream, target, p.upstream)

  if (!request.stream) {
    const { text, json } = await readJson(res, provider.name)
    const upstreamMs = performance.now() - started
    const result = p.parseJson(json)
    const meta = { ...input.meta, model: result.upstreamModel ?? target.deployment.model }
    return { kind: 'json', body: p.relay ? text : JSON.stringify(p.encodeResult(result, meta)), result, upstreamMs }
  }

  const tally = newTally()
  const pieces = p.relay
    ? relayOpenAIStream(decodeSseBatches(res.body), { includeUsage: request.includeUsage, provider: provider.name, streamError: (b) => adapter.parseError(200, b, new Headers(), callCtx) }, tally)
    : encodeCanonicalStream(adapter.parseStream(decodeFrames(p.upstream.framing, res.body), callCtx), p.encoder({ ...input.meta, model: target.deployment.model }), tally, provider.name)
  const iterator = pieces[Symbol.asyncIterator]()
  const head: StreamPiece[] = []
  try {
    for (;;) {
      const next = await iterator.next()
      if (next.done === true) throw new GatewayError('upstream_error', `Provider '${provider.name}' sent an empty stream.`, { provider: provider.name })
      head.push(next.value)
      if (next.value.commits) break
    }
  } catch (err) {
    res.discard()
    throw err
  }
  return { kind: 'stream', head, rest: iterator, tally }
}
