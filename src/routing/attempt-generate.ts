import type { ChatRequest, ChatResult, JsonObject, ResponseMeta } from '../canonical/chat.js'
import { optionsFor } from '../canonical/provider-options.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { Passthrough, UpstreamRequest } from '../providers/types.js'
import { unsupportedParam } from '../providers/unsupported-param.js'
import { decodeFrames } from '../streaming/decode-frames.js'
import { decodeSseBatches } from '../streaming/decode-sse.js'
import { encodeCanonicalStream, type EventEncoder } from '../streaming/encode-canonical-stream.js'
import { relayStream, type StreamTap } from '../streaming/relay.js'
import { newTally, type StreamPiece, type StreamTally } from '../streaming/stream-piece.js'
import type { UpstreamClient, UpstreamResponse } from '../upstream/client.js'
import type { ReaderContext } from '../wire/reader-context.js'
import type { WireProtocol } from '../wire/protocols.js'
import type { Answer, StreamAnswer } from './answer.js'
import type { AttemptTarget } from './attempt-target.js'
import { readJson, sendChecked } from './send.js'

/** What a passthrough body may depend on besides the model: which provider gets it, and whether it keeps state. */
export interface PassthroughUpstream {
  /** The configured provider's name. */
  provider: string
  /** It keeps what it answers and can be referred back to (see Passthrough.keepsState). */
  keepsState: boolean
  /** Provider options for this deployment's kind (its params, then the request's), merged into the body by their own names. */
  options?: JsonObject
}

/** How a generating front door (chat, completions, messages, responses) reads and writes its protocol. */
export interface GenerateCodec {
  protocol: WireProtocol
  /** The request in canonical form: for translation, and for kinds that answer in-process. */
  request: ChatRequest
  /** Parts of the request the canonical model does not carry: refused on translation (or dropped under drop_params). */
  untranslatable: readonly { param: string; why: string }[]
  /** Hints a translation leaves out by design (they mean nothing to another provider): logged with the dropped parameters. */
  leftOut?: readonly string[]
  /** The client's body with `model` set (or removed), for an upstream that speaks the protocol. */
  passthroughBody(model: string | undefined, upstream: PassthroughUpstream): string
  /** Client headers an upstream that speaks the protocol gets (e.g. `anthropic-beta`). */
  passthroughHeaders: Readonly<Record<string, string>>
  /** The client's query an upstream that speaks the protocol gets (e.g. `?beta=true`); none when absent. */
  passthroughQuery?: string
  /** The protocol's one reading of a whole answer, for what the metrics need. */
  readResult(json: unknown, reader: ReaderContext): ChatResult
  /** The protocol's tap over a relayed stream. */
  tap(reader: ReaderContext): StreamTap
  /** Translation: a canonical result as the protocol's JSON answer, and canonical events as its stream. */
  encodeResult(result: ChatResult, meta: ResponseMeta): string
  encoder(meta: ResponseMeta): EventEncoder
  /** The answer's id and creation time, for answers the gateway writes itself. */
  meta: ResponseMeta
  /** Never passthrough: a request the gateway changed (asked again after an invalid answer) is translated. */
  translateOnly?: boolean
}

/** How an attempt's answer is checked before it is committed (src/routing/attempt-checked.ts). */
export interface AnswerCheck {
  /** A whole answer: throws when it must not go out; else headers to add to it. */
  json(result: ChatResult): Readonly<Record<string, string>> | undefined
  /** A stream's pieces, held or observed as the policy needs (events arrive through the tally). */
  stream(pieces: AsyncGenerator<StreamPiece>, tally: StreamTally): AsyncGenerator<StreamPiece>
}

/**
 * One attempt of a generating request at one deployment: passthrough when the deployment speaks
 * the front door's protocol (the client's bytes go up, the answer's come back, tapped), else
 * translation through the canonical model. Resolves once the answer is committed: the JSON body
 * read, or the stream's first piece carrying content, a tool call or the finish. A failure before
 * that rejects, and the executor may try another deployment.
 */
export async function attemptGenerate(upstream: UpstreamClient, target: AttemptTarget, codec: GenerateCodec, check?: AnswerCheck): Promise<Answer> {
  const passthrough = codec.translateOnly !== true && target.adapter.passthrough?.speaks(codec.protocol, target.provider) === true ? target.adapter.passthrough : undefined
  const request = withDeploymentOptions({ ...codec.request, model: target.deployment.model }, target)
  const upstreamRequest = passthrough === undefined ? await translatedRequest(target, request, codec) : passthroughRequest(passthrough, target, request, codec)
  const started = performance.now()
  const res = await sendChecked(upstream, target, upstreamRequest)
  const decoding = { maxEventBytes: target.limits.maxEventBytes, provider: target.provider.name }
  const reader = readerContext(target, passthrough)
  const meta: ResponseMeta = { ...codec.meta, model: target.deployment.model, origin: target.provider.kind }
  if (!request.stream) {
    const { text, json } = await readJson(res, target.provider.name, target.limits.maxBodyBytes)
    const upstreamMs = performance.now() - started
    const result = passthrough === undefined ? target.adapter.parseResponse(json, target.callCtx) : codec.readResult(json, reader)
    const headers = check?.json(result)
    const body = passthrough === undefined ? codec.encodeResult(result, { ...meta, model: result.upstreamModel ?? meta.model }) : text
    return { kind: 'json', body, usage: result.usage, upstreamMs, text: result.text, ...(headers === undefined ? {} : { headers }) }
  }
  const tally = newTally()
  const checked = (pieces: AsyncGenerator<StreamPiece>): AsyncGenerator<StreamPiece> => (check === undefined ? pieces : check.stream(pieces, tally))
  if (passthrough === undefined) {
    const encoder = codec.encoder(meta)
    const events = target.adapter.parseStream(decodeFrames(upstreamRequest.framing, res.body, decoding), target.callCtx)
    return committedStream(checked(encodeCanonicalStream(events, encoder, tally, target.provider.name)), res, target.provider.name, tally, encoder.error?.bind(encoder))
  }
  const tap = codec.tap(reader)
  return committedStream(checked(relayStream(decodeSseBatches(res.body, decoding), tap, tally)), res, target.provider.name, tally, tap.error?.bind(tap))
}

/** Only this deployment's kind's options go on (the deployment's params, then the request's, which win). */
function withDeploymentOptions(request: ChatRequest, target: AttemptTarget): ChatRequest {
  const kind = target.provider.kind
  const options = optionsFor(kind, target.deployment.params, request.providerOptions)
  if (options === undefined) return request.providerOptions === undefined ? request : { ...request, providerOptions: undefined }
  return { ...request, providerOptions: { [kind]: options } }
}

function passthroughRequest(passthrough: Passthrough, target: AttemptTarget, request: ChatRequest, codec: GenerateCodec): UpstreamRequest {
  const options = request.providerOptions?.[target.provider.kind]
  const upstream: PassthroughUpstream = {
    provider: target.provider.name,
    keepsState: passthrough.keepsState?.(codec.protocol, target.provider) === true,
    ...(options === undefined ? {} : { options }),
  }
  const body = (model: string | undefined): string => codec.passthroughBody(model, upstream)
  const req = { protocol: codec.protocol, body, headers: codec.passthroughHeaders, stream: request.stream, request }
  return passthrough.request(codec.passthroughQuery === undefined ? req : { ...req, query: codec.passthroughQuery }, target.callCtx)
}

async function translatedRequest(target: AttemptTarget, request: ChatRequest, codec: GenerateCodec): Promise<UpstreamRequest> {
  for (const { param, why } of codec.untranslatable) unsupportedParam(target.callCtx, param, why)
  if (codec.leftOut !== undefined) target.callCtx.dropped.push(...codec.leftOut)
  return target.adapter.buildRequest(withinOutputLimit(request, target), target.callCtx)
}

/**
 * A translated request's max_tokens, capped at the deployment's known output limit: a client of
 * another protocol sizes it for the model it thinks it talks to (Claude Code asks 32,000 of a
 * "Sonnet" that may be gpt-4o, which allows 16,384 and refuses more), and the cap is all the
 * model can give anyway. A passthrough keeps the client's value: the protocol is the client's.
 */
function withinOutputLimit(request: ChatRequest, target: AttemptTarget): ChatRequest {
  const asked = request.params.maxTokens
  if (asked === undefined) return request
  const limit = target.deployment.capabilities?.maxOutputTokens ?? target.provider.capabilities?.maxOutputTokens ?? target.adapter.capabilities(target.deployment.model).maxOutputTokens
  return limit === undefined || asked <= limit ? request : { ...request, params: { ...request.params, maxTokens: limit } }
}

/** How the protocol readers name this call and read its in-band errors: the provider's own mapping. */
function readerContext(target: AttemptTarget, passthrough: Passthrough | undefined): ReaderContext {
  const ctx = target.callCtx
  return {
    requestId: ctx.requestId,
    provider: target.provider.name,
    streamError: (body) => (passthrough === undefined ? target.adapter.parseError(200, body, new Headers(), ctx) : passthrough.streamError(body, ctx)),
  }
}

/** Reads pieces until one commits the answer; a failure (or an empty stream) before that releases the connection. */
async function committedStream(pieces: AsyncGenerator<StreamPiece>, res: UpstreamResponse, provider: string, tally: StreamAnswer['tally'], streamError: StreamAnswer['streamError']): Promise<StreamAnswer> {
  const iterator = pieces[Symbol.asyncIterator]()
  const head: StreamPiece[] = []
  try {
    for (;;) {
      const next = await iterator.next()
      if (next.done === true) throw new GatewayError('upstream_error', `Provider '${provider}' sent an empty stream.`, { provider })
      head.push(next.value)
      if (next.value.commits) break
    }
  } catch (err) {
    res.discard()
    throw err
  }
  return streamError === undefined ? { kind: 'stream', head, rest: iterator, tally } : { kind: 'stream', head, rest: iterator, tally, streamError }
}
