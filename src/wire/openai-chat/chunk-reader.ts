import type { ChatEvent, JsonObject, Usage } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import { isObject, nonEmptyString, asString } from '../json.js'
import { fromOpenAIUsage } from '../openai/usage.js'
import { toolCallId } from '../tool-call-id.js'
import type { ReaderContext } from '../reader-context.js'
import { argumentsText, contentText } from './fields.js'
import { mapFinishReason } from './finish-reason.js'

export type { ReaderContext }

/** What one frame said. */
export interface ChunkFacts {
  events: readonly ChatEvent[]
  /**
   * `usage-only`: usage and `choices: []` (OpenAI's closing usage chunk); `empty`: a chunk
   * that carries nothing (`choices: []`, no usage: Azure's prompt-filter chunk).
   */
  shape: 'choices' | 'usage-only' | 'empty'
}

/**
 * The one reading of OpenAI's `chat.completion.chunk` stream (and of legacy `text_completion`
 * chunks), used by the openai adapter's parser and by the relay's tap alike, so the bytes the
 * gateway relays and the events it translates are read the same way.
 *
 * What the family sends, and how it is read (fixtures: openai/, mistral/, azure/):
 * - `data: [DONE]` ends the stream (`done`). A body that ends without it and without a finish
 *   reason was cut off: `end()` says so with an error event. So does a stream with no chunk at all.
 * - Usage: an extra final chunk with `choices: []` (OpenAI, with `"usage": null` on every other
 *   chunk in newer recordings), or on the finish chunk itself (Mistral), or on every chunk
 *   (vLLM's continuous usage). The last one seen wins; `end()` emits it once, before `finish`,
 *   which is held until the stream ends so usage that follows it is not lost.
 * - A chunk with `choices: []` and no usage carries nothing (Azure's prompt-filter chunk, with
 *   empty `id`/`model`); ids and model names are only taken from non-empty values.
 * - The role chunk (`content: ""` or `null`) produces only `start`; empty deltas produce nothing.
 * - Tool calls are keyed by `index`; the first delta of a call has its id and name. Mistral
 *   sends whole calls without `index` (or `type`): each gets the next free index.
 * - `delta.refusal`, `delta.reasoning_content` / `delta.reasoning` (DeepSeek, vLLM / Ollama,
 *   OpenRouter) become refusal and reasoning events; Mistral's content arrays are read for their
 *   text parts; `obfuscation`, `logprobs` and other extras are ignored. Legacy completion chunks
 *   carry `choices[].text`.
 * - With n>1 only choice 0 becomes events (the canonical model has one answer).
 * - A mid-stream `{"error":{…}}` (any spacing) becomes one error event, and `finish_reason:
 *   "error"` (Mistral) an error at the end.
 */
export interface OpenAIChunkReader {
  read(frame: Frame): ChunkFacts
  end(): ChatEvent[]
  /** `[DONE]` was read; later frames are ignored. */
  readonly done: boolean
  /** A finish reason was read. */
  readonly finished: boolean
  /** The last usage seen. */
  readonly usage: Usage | undefined
}

const NOTHING: ChunkFacts = Object.freeze({ events: Object.freeze([]), shape: 'choices' })
const EMPTY: ChunkFacts = Object.freeze({ events: Object.freeze([]), shape: 'empty' })

/** What the reader has seen so far. */
interface ReaderState {
  started: boolean
  done: boolean
  failed: boolean
  usage: Usage | undefined
  finishRaw: string | undefined
  tools: ToolIndexer
}

export function createOpenAIChunkReader(opts: ReaderContext): OpenAIChunkReader {
  const state: ReaderState = { started: false, done: false, failed: false, usage: undefined, finishRaw: undefined, tools: createToolIndexer(opts.requestId) }
  return {
    read: (frame) => readFrame(state, frame, opts),
    end: () => endEvents(state, opts.provider),
    get done() {
      return state.done
    },
    get finished() {
      return state.finishRaw !== undefined
    },
    get usage() {
      return state.usage
    },
  }
}

function readFrame(state: ReaderState, frame: Frame, opts: ReaderContext): ChunkFacts {
  if (state.done || state.failed) return NOTHING
  // Some servers pad the sentinel; only short frames are worth trimming.
  if (frame.data === '[DONE]' || (frame.data.length < 16 && frame.data.trim() === '[DONE]')) {
    state.done = true
    return NOTHING
  }
  let chunk: unknown
  try {
    chunk = JSON.parse(frame.data)
  } catch {
    // A stray non-SSE line (a proxy's banner) is not worth failing for; a broken data line is.
    if (frame.event === 'unparsed' || frame.data.trim() === '') return NOTHING
    return failure(state, unreadable(opts.provider))
  }
  if (!isObject(chunk)) return NOTHING
  if (chunk.error !== undefined && chunk.error !== null) return failure(state, opts.streamError(chunk))
  return readChunk(state, chunk)
}

function failure(state: ReaderState, error: GatewayError): ChunkFacts {
  state.failed = true
  return { events: [{ type: 'error', error }], shape: 'choices' }
}

function readChunk(state: ReaderState, chunk: JsonObject): ChunkFacts {
  const chunkUsage = chunk.usage === undefined || chunk.usage === null ? undefined : fromOpenAIUsage(chunk.usage)
  if (chunkUsage !== undefined) state.usage = chunkUsage
  const choice = firstChoice(chunk.choices)
  if (choice === undefined) {
    const noChoices = Array.isArray(chunk.choices) && chunk.choices.length === 0
    if (chunkUsage !== undefined) return noChoices ? { events: [], shape: 'usage-only' } : NOTHING
    return noChoices ? EMPTY : NOTHING
  }
  const events: ChatEvent[] = []
  if (!state.started) {
    state.started = true
    events.push(startEvent(chunk))
  }
  if (isObject(choice.delta)) readDelta(choice.delta, events, state.tools)
  else {
    const text = asString(choice.text)
    if (text !== undefined && text !== '') events.push({ type: 'text', delta: text })
  }
  const finish = nonEmptyString(choice.finish_reason)
  if (finish !== undefined) state.finishRaw = finish
  return { events, shape: 'choices' }
}

/** The closing events: usage, then the finish (or the error that says why there is none). */
function endEvents(state: ReaderState, provider: string): ChatEvent[] {
  if (state.failed) return []
  const { started, done, usage, finishRaw, tools } = state
  const events: ChatEvent[] = []
  if (!started && (usage !== undefined || finishRaw !== undefined)) events.push({ type: 'start' })
  if (usage !== undefined) events.push({ type: 'usage', usage })
  if (finishRaw !== undefined) {
    const reason = mapFinishReason(finishRaw, tools.count() > 0)
    if (reason === 'error') events.push({ type: 'error', error: generationFailed(provider) })
    else events.push({ type: 'finish', reason, raw: finishRaw })
  } else if (done && started) {
    // [DONE] without a finish reason: the upstream says it is complete, so treat it as a stop.
    events.push({ type: 'finish', reason: tools.count() > 0 ? 'tool_calls' : 'stop' })
  } else {
    const what = done ? 'sent an empty stream' : 'ended the stream before the answer was finished'
    events.push({ type: 'error', error: new GatewayError('upstream_error', `Provider '${provider}' ${what}.`, { provider }) })
  }
  return events
}

function readDelta(delta: JsonObject, events: ChatEvent[], tools: ToolIndexer): void {
  const reasoning = nonEmptyString(delta.reasoning_content) ?? nonEmptyString(delta.reasoning)
  if (reasoning !== undefined) events.push({ type: 'reasoning', delta: reasoning })
  const text = contentText(delta.content)
  if (text !== undefined && text !== '') events.push({ type: 'text', delta: text })
  const refusal = nonEmptyString(delta.refusal)
  if (refusal !== undefined) events.push({ type: 'refusal', delta: refusal })
  const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls : isObject(delta.function_call) ? [{ index: 0, function: delta.function_call }] : undefined
  if (calls === undefined) return
  for (const call of calls) {
    if (!isObject(call)) continue
    const fn = isObject(call.function) ? call.function : {}
    const index = tools.indexOf(call, fn)
    if (index.isNew) events.push({ type: 'tool-call-start', index: index.value, id: nonEmptyString(call.id) ?? tools.idFor(index.value), name: asString(fn.name) ?? '' })
    const args = argumentsText(fn.arguments)
    if (args !== undefined && args !== '') events.push({ type: 'tool-call-delta', index: index.value, argsDelta: args })
  }
}

interface ToolIndexer {
  indexOf(call: JsonObject, fn: JsonObject): { value: number; isNew: boolean }
  idFor(index: number): string
  count(): number
}

/** Tool calls by `index`; Mistral's whole calls without one get the next free index. */
function createToolIndexer(requestId: string): ToolIndexer {
  const seen = new Set<number>()
  let next = 0
  return {
    indexOf(call, fn) {
      let value: number
      if (typeof call.index === 'number') value = call.index
      else if (nonEmptyString(call.id) === undefined && asString(fn.name) === undefined && next > 0) value = next - 1 // an index-less continuation
      else value = next // a whole call without index (Mistral)
      if (seen.has(value)) return { value, isNew: false }
      seen.add(value)
      if (value >= next) next = value + 1
      return { value, isNew: true }
    },
    idFor: (index) => toolCallId(requestId, index),
    count: () => seen.size,
  }
}

/** Choice 0 of a chunk (a choice without `index` counts as 0), or undefined. */
function firstChoice(choices: unknown): JsonObject | undefined {
  if (!Array.isArray(choices)) return undefined
  for (const c of choices) {
    if (isObject(c) && (c.index === 0 || c.index === undefined)) return c
  }
  return undefined
}

function startEvent(chunk: JsonObject): ChatEvent {
  const event: { type: 'start'; id?: string; upstreamModel?: string } = { type: 'start' }
  const id = nonEmptyString(chunk.id)
  if (id !== undefined) event.id = id
  const model = nonEmptyString(chunk.model)
  if (model !== undefined) event.upstreamModel = model
  return event
}

function unreadable(provider: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${provider}' sent a malformed stream chunk (not valid JSON).`, { provider })
}

function generationFailed(provider: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${provider}' reported an error while generating (finish_reason: error).`, { provider })
}

/** The reader over a whole frame stream: the adapter's parser for OpenAI-format upstreams. */
export async function* readOpenAIChunks(frames: AsyncIterable<Frame>, opts: ReaderContext): AsyncGenerator<ChatEvent> {
  const reader = createOpenAIChunkReader(opts)
  for await (const frame of frames) {
    const { events } = reader.read(frame)
    for (const event of events) {
      yield event
      if (event.type === 'error') return
    }
    if (reader.done) break
  }
  yield* reader.end()
}
