import type { ChatEvent, FinishReason, JsonObject, Usage } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import { asNumber, asString, isObject, nonEmptyString, tryParseJson } from '../json.js'
import type { ReaderContext } from '../reader-context.js'
import { upstreamToolName } from './decode-tools.js'
import { fromResponsesUsage } from './usage.js'

/** What one frame of a Responses stream said. */
export interface EventFacts {
  events: readonly ChatEvent[]
  /** The event's payload, when it was a JSON object. */
  payload?: JsonObject
}

/**
 * The one reading of a Responses API event stream, used by the relay's tap on the passthrough
 * path and by any adapter that parses Responses, so relayed and translated streams are read alike.
 *
 * What upstreams send, and how it is read (fixtures/openai-responses, SOURCES-responses-messages.md):
 * - The event type is the payload's `type` (the `event:` line says the same; older servers omit it).
 *   `sequence_number` is optional (absent in 2025-03 streams) and never relied on.
 * - `response.created` / `in_progress` / `queued` carry the response so far: its id and model.
 * - Text, refusal and reasoning (summary or raw reasoning text) deltas become canonical deltas;
 *   `obfuscation`, `logprobs`, annotations and hosted-tool events are not content.
 * - A function call opens with `output_item.added` (its `call_id` is the canonical id); argument
 *   deltas name the item id (`fc_…`), which is mapped back to the call. A reasoning item's
 *   `output_item.done` ends the reasoning block with its `encrypted_content` (the `.done` one:
 *   it may differ from the one on `.added`).
 * - The stream ends at `response.completed` (stop, or tool_calls when it called a function),
 *   `response.incomplete` (length, or content_filter) or `response.failed` (an error); usage
 *   comes only with them. `error` events are errors. A body that ends before any of these was cut off.
 */
export interface ResponsesEventReader {
  read(frame: Frame): EventFacts
  end(): ChatEvent[]
  /** A terminal event (or an error) was read; later frames are ignored. */
  readonly done: boolean
  readonly finished: boolean
  readonly usage: Usage | undefined
  /** The latest whole response the stream carried (from created, in_progress or the terminal event). */
  readonly response: JsonObject | undefined
  /** The highest sequence_number seen (undefined for streams without them). */
  readonly lastSequence: number | undefined
}

const NOTHING: EventFacts = Object.freeze({ events: Object.freeze([]) })

export function createResponsesEventReader(ctx: ReaderContext): ResponsesEventReader {
  const state: ReaderState = { started: false, done: false, finished: false, calls: new Map(), callCount: 0 }
  const read = (frame: Frame): EventFacts => {
    if (state.done) return NOTHING
    if (frame.data === '[DONE]' || frame.data.trim() === '') return NOTHING
    const parsed = tryParseJson(frame.data)
    if (!parsed.ok) {
      if (frame.event === 'unparsed') return NOTHING
      state.done = true
      return { events: [{ type: 'error', error: malformed(ctx.provider) }] }
    }
    if (!isObject(parsed.value)) return NOTHING
    const payload = parsed.value
    const sequence = asNumber(payload.sequence_number)
    if (sequence !== undefined) state.lastSequence = sequence
    const events = readEvent(asString(payload.type) ?? frame.event ?? '', payload, state, ctx)
    return { events, payload }
  }
  const end = (): ChatEvent[] => {
    if (state.done) return []
    state.done = true
    return [{ type: 'error', error: new GatewayError('upstream_error', `Provider '${ctx.provider}' ended the stream before the response was finished.`, { provider: ctx.provider }) }]
  }
  return {
    read,
    end,
    get done() {
      return state.done
    },
    get finished() {
      return state.finished
    },
    get usage() {
      return state.usage
    },
    get response() {
      return state.response
    },
    get lastSequence() {
      return state.lastSequence
    },
  }
}

interface ReaderState {
  started: boolean
  done: boolean
  finished: boolean
  /** Function-call item id → its canonical tool-call index. */
  calls: Map<string, number>
  callCount: number
  usage?: Usage
  response?: JsonObject
  lastSequence?: number
}

function readEvent(type: string, p: JsonObject, s: ReaderState, ctx: ReaderContext): ChatEvent[] {
  switch (type) {
    case 'response.created':
    case 'response.in_progress':
    case 'response.queued':
      return started(p, s)
    case 'response.output_text.delta':
      return delta('text', p)
    case 'response.refusal.delta':
      return delta('refusal', p)
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      return delta('reasoning', p)
    case 'response.output_item.added':
      return itemAdded(p, s)
    case 'response.output_item.done':
      return itemDone(p)
    case 'response.function_call_arguments.delta': {
      const index = s.calls.get(asString(p.item_id) ?? '')
      const args = asString(p.delta) ?? ''
      return index === undefined || args === '' ? [] : [{ type: 'tool-call-delta', index, argsDelta: args }]
    }
    case 'response.custom_tool_call_input.done': {
      const index = s.calls.get(asString(p.item_id) ?? '')
      return index === undefined ? [] : [{ type: 'tool-call-delta', index, argsDelta: JSON.stringify({ input: asString(p.input) ?? '' }) }]
    }
    case 'response.completed':
    case 'response.incomplete':
      return terminal(p, s)
    case 'response.failed':
      return failed(isObject(p.response) ? p.response.error : undefined, s, ctx)
    case 'error':
      return failed(isObject(p.error) ? p.error : { code: p.code, message: p.message, param: p.param, type: 'server_error' }, s, ctx)
    default:
      return []
  }
}

function started(p: JsonObject, s: ReaderState): ChatEvent[] {
  if (isObject(p.response)) s.response = p.response
  if (s.started) return []
  s.started = true
  const event: { type: 'start'; id?: string; upstreamModel?: string } = { type: 'start' }
  const id = nonEmptyString(s.response?.id)
  if (id !== undefined) event.id = id
  const model = nonEmptyString(s.response?.model)
  if (model !== undefined) event.upstreamModel = model
  return [event]
}

function delta(type: 'text' | 'refusal' | 'reasoning', p: JsonObject): ChatEvent[] {
  const text = asString(p.delta)
  return text === undefined || text === '' ? [] : [{ type, delta: text }]
}

function itemAdded(p: JsonObject, s: ReaderState): ChatEvent[] {
  const item = isObject(p.item) ? p.item : {}
  if (item.type !== 'function_call' && item.type !== 'custom_tool_call') return []
  const index = s.callCount++
  s.calls.set(asString(item.id) ?? '', index)
  const name = upstreamToolName(asString(item.name) ?? '', asString(item.namespace))
  const events: ChatEvent[] = [{ type: 'tool-call-start', index, id: asString(item.call_id) ?? '', name }]
  const args = asString(item.arguments)
  if (item.type === 'function_call' && args !== undefined && args !== '') events.push({ type: 'tool-call-delta', index, argsDelta: args })
  return events
}

function itemDone(p: JsonObject): ChatEvent[] {
  const item = isObject(p.item) ? p.item : {}
  if (item.type !== 'reasoning') return []
  const encrypted = nonEmptyString(item.encrypted_content)
  return [encrypted === undefined ? { type: 'reasoning-done' } : { type: 'reasoning-done', signature: encrypted, origin: 'openai' }]
}

function terminal(p: JsonObject, s: ReaderState): ChatEvent[] {
  const response = isObject(p.response) ? p.response : {}
  s.response = response
  s.done = true
  s.finished = true
  const events: ChatEvent[] = []
  const usage = fromResponsesUsage(response.usage)
  if (usage !== undefined) {
    s.usage = usage
    events.push({ type: 'usage', usage })
  }
  events.push({ type: 'finish', reason: finishOf(response, s.callCount > 0), raw: asString(response.status) ?? 'completed' })
  return events
}

/** A Response's end as a canonical finish (its status and incomplete reason, and whether it called a tool). */
export function finishOf(response: JsonObject, calledTools: boolean): FinishReason {
  if (response.status === 'incomplete') {
    const reason = isObject(response.incomplete_details) ? response.incomplete_details.reason : undefined
    return reason === 'content_filter' ? 'content_filter' : 'length'
  }
  return calledTools ? 'tool_calls' : 'stop'
}

function failed(error: unknown, s: ReaderState, ctx: ReaderContext): ChatEvent[] {
  s.done = true
  return [{ type: 'error', error: ctx.streamError({ error: isObject(error) ? error : { message: 'The response failed.' } }) }]
}

function malformed(provider: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${provider}' sent a malformed Responses event (not valid JSON).`, { provider })
}

/** The reader over a whole frame stream: the parser for an upstream that speaks the Responses API. */
export async function* readResponsesEvents(frames: AsyncIterable<Frame>, ctx: ReaderContext): AsyncGenerator<ChatEvent> {
  const reader = createResponsesEventReader(ctx)
  for await (const frame of frames) {
    for (const event of reader.read(frame).events) {
      yield event
      if (event.type === 'error') return
    }
    if (reader.done) return
  }
  yield* reader.end()
}
