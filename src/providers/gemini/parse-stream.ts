/**
 * `streamGenerateContent?alt=sse` frames → canonical events.
 *
 * Every chunk is a whole GenerateContentResponse with only its new parts. There is no [DONE]:
 * the chunk with `finishReason` ends the answer, and `usageMetadata` (cumulative, on every
 * chunk) is taken from the last chunk that has it. Usage and finish are emitted once the
 * frames run out, so the finish always follows the final usage.
 *
 * Function calls arrive whole (`args` object) from the Gemini API; Vertex can stream them as
 * `partialArgs` pieces between a `{name, willContinue: true}` part and an empty
 * `functionCall: {}` (see assemble-partial-args.ts).
 *
 * A mid-stream failure can come as a `data:` chunk holding `{"error": …}`, or as raw JSON
 * outside any `data:` line, which decodeSse hands over line by line as `unparsed` frames:
 * those lines are gathered until they parse.
 */
import type { ChatEvent, FinishReason, JsonObject } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import type { CallContext } from '../types.js'
import { createArgsBuilder, type ArgsBuilder } from './assemble-partial-args.js'
import { isObject, tryParseJson } from '../../wire/json.js'
import { blockedPromptError, mapFinishReason } from './map-finish-reason.js'
import { upstreamErrorFromBody } from './parse-error.js'
import { readChunk, type FunctionCallPiece } from './read-chunk.js'
import { toolCallId } from '../../wire/tool-call-id.js'

/** Raw (non-`data:`) JSON larger than this is not an error object worth waiting for. */
const MAX_UNPARSED_CHARS = 64 * 1024

export async function* parseGeminiStream(frames: AsyncIterable<Frame>, ctx: CallContext): AsyncGenerator<ChatEvent> {
  let started = false
  let toolCount = 0
  let streaming: { index: number; args: ArgsBuilder } | undefined
  let usage: ChatEvent | undefined
  let finish: { raw: string; message?: string } | undefined
  let unparsed = ''

  const failure = (message: string): ChatEvent => ({
    type: 'error',
    error: new GatewayError('upstream_error', `Provider '${ctx.provider.name}' ${message}`, { provider: ctx.provider.name }),
  })

  /** Ends a call whose arguments were streamed in pieces. */
  function* closeStreamingCall(): Generator<ChatEvent> {
    if (streaming === undefined) return
    yield { type: 'tool-call-delta', index: streaming.index, argsDelta: streaming.args.json() }
    streaming = undefined
  }

  function* onCall(call: FunctionCallPiece): Generator<ChatEvent> {
    if (call.name !== undefined) {
      yield* closeStreamingCall()
      const index = toolCount++
      const start: ChatEvent = { type: 'tool-call-start', index, id: toolCallId(ctx.requestId, index), name: call.name }
      if (call.thoughtSignature !== undefined) start.providerMetadata = { thoughtSignature: call.thoughtSignature }
      yield start
      if (call.willContinue) {
        streaming = { index, args: createArgsBuilder() }
        if (call.args !== undefined) streaming.args.merge(call.args)
        streaming.args.apply(call.partialArgs)
      } else {
        yield { type: 'tool-call-delta', index, argsDelta: JSON.stringify(call.args ?? {}) }
      }
      return
    }
    if (streaming !== undefined) {
      if (call.args !== undefined) streaming.args.merge(call.args)
      streaming.args.apply(call.partialArgs)
      if (!call.willContinue) yield* closeStreamingCall()
    }
  }

  for await (const frame of frames) {
    let body: JsonObject
    if (frame.event === 'unparsed') {
      unparsed += `${frame.data}\n`
      const parsed = tryParseJson(unparsed)
      if (!parsed.ok) {
        if (unparsed.length > MAX_UNPARSED_CHARS) {
          yield failure('sent a stream line that is neither SSE nor JSON.')
          return
        }
        continue
      }
      unparsed = ''
      const value = Array.isArray(parsed.value) ? parsed.value[0] : parsed.value
      if (!isObject(value)) continue
      body = value
    } else {
      const parsed = tryParseJson(frame.data)
      if (!parsed.ok || !isObject(parsed.value)) {
        yield failure('sent a stream chunk that is not a JSON object.')
        return
      }
      body = parsed.value
    }

    const error = upstreamErrorFromBody(body, ctx)
    if (error !== undefined) {
      yield { type: 'error', error }
      return
    }

    const chunk = readChunk(body)
    if (!chunk.hasCandidates && chunk.blockReason !== undefined) {
      yield { type: 'error', error: blockedPromptError(chunk.blockReason, ctx, chunk.blockMessage) }
      return
    }
    if (!started) {
      started = true
      const start: ChatEvent = { type: 'start' }
      if (chunk.responseId !== undefined) start.id = chunk.responseId
      if (chunk.modelVersion !== undefined) start.upstreamModel = chunk.modelVersion
      yield start
    }
    for (const part of chunk.parts) {
      switch (part.kind) {
        case 'text':
          yield { type: 'text', delta: part.text }
          break
        case 'reasoning':
          yield { type: 'reasoning', delta: part.text }
          break
        case 'call':
          yield* onCall(part.call)
          break
      }
    }
    if (chunk.usage !== undefined) usage = { type: 'usage', usage: chunk.usage }
    if (chunk.finishReason !== undefined) {
      finish = chunk.finishMessage === undefined ? { raw: chunk.finishReason } : { raw: chunk.finishReason, message: chunk.finishMessage }
    }
  }

  if (unparsed.trim() !== '') {
    yield failure('ended the stream with a line that is neither SSE nor JSON.')
    return
  }
  yield* closeStreamingCall()
  if (usage !== undefined) yield usage
  if (finish === undefined) {
    yield failure(started ? 'ended the stream without a finish reason.' : 'ended the stream without an answer.')
    return
  }
  const mapped = mapFinishReason(finish.raw, toolCount > 0, ctx, finish.message)
  if (mapped.kind === 'error') {
    yield { type: 'error', error: mapped.error }
    return
  }
  const reason: FinishReason = mapped.reason
  yield { type: 'finish', reason, raw: finish.raw }
}
