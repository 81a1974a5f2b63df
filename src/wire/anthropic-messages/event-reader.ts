import type { ChatEvent, JsonObject, Usage } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import { asObject, asString, parseJsonOrUndefined } from '../json.js'
import type { ReaderContext } from '../reader-context.js'
import { fromStopReason } from './stop-reason.js'
import { mergeUsage, NO_USAGE, toUsage, type UsageCounters } from './usage.js'

/** What a Messages reader needs besides the ReaderContext: the kind whose signatures it reads. */
export interface MessagesReaderOptions extends ReaderContext {
  /** Set as the `origin` of the reasoning blocks read (the provider kind that signed them). */
  origin?: string
}

/**
 * The one reading of Anthropic's Messages stream, used by the anthropic adapter's parser and by
 * the Messages door's relay tap alike (event shapes in fixtures/SOURCES.md, "Anthropic Messages"
 * and SOURCES-responses-messages.md).
 *
 * - The event is read from the payload's `type` (the API keeps it equal to the `event:` line);
 *   every data line goes through JSON.parse, so Anthropic's whitespace padding is harmless.
 *   `ping` and event types newer than this reader are skipped.
 * - Blocks: `text` → text; `thinking` → reasoning, closed at its `content_block_stop` by a
 *   `reasoning-done` carrying the one `signature_delta`; `redacted_thinking` arrives whole in its
 *   start and becomes a `reasoning-done` with its `data`; `tool_use` → a tool call whose index
 *   counts tool blocks only. A tool block that got no input (only `""` deltas) gets `{}`.
 * - Usage: `message_start` (input and cache counters) merged with `message_delta` (cumulative
 *   output), emitted once, after the finish, at `message_stop`, which ends the stream (`done`).
 * - An `error` event (overloaded_error after a 200) is one error event; so is a body that ends
 *   before `message_stop`, and a data line that is not JSON.
 */
export interface MessagesEventReader {
  read(frame: Frame): readonly ChatEvent[]
  /** At the end of the body: an error when the stream was cut short, else nothing. */
  end(): ChatEvent[]
  /** `message_stop` was read: later frames are ignored. */
  readonly done: boolean
  /** A stop reason was read. */
  readonly finished: boolean
  /** The usage so far (canonical), once `message_start` was read. */
  readonly usage: Usage | undefined
}

/** What the reader remembers about an open block. */
type OpenBlock = { kind: 'tool'; index: number; hasArgs: boolean } | { kind: 'thinking'; signature: string }

const NOTHING: readonly ChatEvent[] = Object.freeze([])

export function createMessagesEventReader(opts: MessagesReaderOptions): MessagesEventReader {
  const state: ReaderState = { blocks: new Map(), toolCount: 0, usage: NO_USAGE, started: false }
  let done = false
  let failed = false
  const fail = (error: GatewayError): readonly ChatEvent[] => {
    failed = true
    return [{ type: 'error', error }]
  }

  const read = (frame: Frame): readonly ChatEvent[] => {
    // A stray non-SSE line (a proxy's banner) is not worth failing for; a broken data line is.
    if (done || failed || frame.event === 'unparsed') return NOTHING
    const payload = asObject(parseJsonOrUndefined(frame.data))
    if (payload === undefined) return fail(failure(opts.provider, `unreadable stream event ${JSON.stringify(frame.data.slice(0, 80))}`))
    switch (asString(payload.type) ?? frame.event) {
      case 'message_start':
        return messageStart(payload, state)
      case 'content_block_start':
        return blockStart(payload, state, opts.origin)
      case 'content_block_delta':
        return blockDelta(payload, state)
      case 'content_block_stop':
        return blockStop(payload, state, opts.origin)
      case 'message_delta':
        state.stopReason = asString(asObject(payload.delta)?.stop_reason) ?? state.stopReason
        state.usage = mergeUsage(state.usage, payload.usage)
        return NOTHING
      case 'message_stop':
        done = true
        return messageStop(state)
      case 'error':
        return fail(opts.streamError(payload))
      default:
        return NOTHING
    }
  }

  return {
    read,
    end: () => (done || failed ? [] : [{ type: 'error', error: failure(opts.provider, 'stream ended early (no message_stop)') }]),
    get done() {
      return done
    },
    get finished() {
      return state.stopReason !== undefined
    },
    get usage() {
      return state.started ? toUsage(state.usage) : undefined
    },
  }
}

interface ReaderState {
  blocks: Map<number, OpenBlock>
  toolCount: number
  usage: UsageCounters
  stopReason?: string
  started: boolean
}

function messageStart(payload: JsonObject, state: ReaderState): ChatEvent[] {
  const message = asObject(payload.message)
  state.usage = mergeUsage(state.usage, message?.usage)
  state.started = true
  const start: ChatEvent = { type: 'start' }
  const id = asString(message?.id)
  const model = asString(message?.model)
  if (id !== undefined) start.id = id
  if (model !== undefined) start.upstreamModel = model
  return [start]
}

function blockStart(payload: JsonObject, state: ReaderState, origin: string | undefined): readonly ChatEvent[] {
  const index = blockIndex(payload)
  const block = asObject(payload.content_block)
  switch (block?.type) {
    case 'text': {
      const text = asString(block.text) ?? ''
      return text === '' ? NOTHING : [{ type: 'text', delta: text }]
    }
    case 'thinking': {
      state.blocks.set(index, { kind: 'thinking', signature: asString(block.signature) ?? '' })
      const thinking = asString(block.thinking) ?? ''
      return thinking === '' ? NOTHING : [{ type: 'reasoning', delta: thinking }]
    }
    case 'redacted_thinking':
      return [withOrigin({ type: 'reasoning-done', redacted: asString(block.data) ?? '' }, origin)]
    case 'tool_use': {
      const tool: OpenBlock = { kind: 'tool', index: state.toolCount++, hasArgs: false }
      state.blocks.set(index, tool)
      const events: ChatEvent[] = [{ type: 'tool-call-start', index: tool.index, id: asString(block.id) ?? '', name: asString(block.name) ?? '' }]
      // Streams open with `input: {}` and send the input as deltas; an input given here in full
      // (as non-streaming answers do) is passed on as the arguments.
      const input = asObject(block.input)
      if (input !== undefined && Object.keys(input).length > 0) {
        tool.hasArgs = true
        events.push({ type: 'tool-call-delta', index: tool.index, argsDelta: JSON.stringify(input) })
      }
      return events
    }
    default:
      // Server tools and their results, and block types newer than this reader.
      return NOTHING
  }
}

function blockDelta(payload: JsonObject, state: ReaderState): readonly ChatEvent[] {
  const delta = asObject(payload.delta)
  const block = state.blocks.get(blockIndex(payload))
  switch (delta?.type) {
    case 'text_delta': {
      const text = asString(delta.text) ?? ''
      return text === '' ? NOTHING : [{ type: 'text', delta: text }]
    }
    case 'thinking_delta': {
      const thinking = asString(delta.thinking) ?? ''
      return thinking === '' ? NOTHING : [{ type: 'reasoning', delta: thinking }]
    }
    case 'signature_delta':
      if (block?.kind === 'thinking') block.signature += asString(delta.signature) ?? ''
      return NOTHING
    case 'input_json_delta': {
      const part = asString(delta.partial_json) ?? ''
      // The first fragment is usually "", and a call without arguments may send only that.
      if (block?.kind !== 'tool' || part === '') return NOTHING
      block.hasArgs = true
      return [{ type: 'tool-call-delta', index: block.index, argsDelta: part }]
    }
    default:
      // citations_delta and delta types newer than this reader.
      return NOTHING
  }
}

function blockStop(payload: JsonObject, state: ReaderState, origin: string | undefined): readonly ChatEvent[] {
  const index = blockIndex(payload)
  const block = state.blocks.get(index)
  if (block === undefined) return NOTHING
  state.blocks.delete(index)
  if (block.kind === 'tool') return closeTool(block)
  const done: ChatEvent = { type: 'reasoning-done' }
  if (block.signature !== '') done.signature = block.signature
  return [withOrigin(done, origin)]
}

function messageStop(state: ReaderState): ChatEvent[] {
  const events: ChatEvent[] = []
  // A block cut off by max_tokens may never get its content_block_stop (see
  // messages-stream-max-tokens-partial-tool-input.sse); its partial JSON stays as sent.
  for (const block of state.blocks.values()) if (block.kind === 'tool') events.push(...closeTool(block))
  state.blocks.clear()
  const finish: ChatEvent = { type: 'finish', reason: fromStopReason(state.stopReason) }
  if (state.stopReason !== undefined) finish.raw = state.stopReason
  events.push(finish, { type: 'usage', usage: toUsage(state.usage) })
  return events
}

/** A tool block that received no input at all gets `{}`, so its arguments are valid JSON. */
function closeTool(tool: { index: number; hasArgs: boolean }): readonly ChatEvent[] {
  if (tool.hasArgs) return NOTHING
  tool.hasArgs = true
  return [{ type: 'tool-call-delta', index: tool.index, argsDelta: '{}' }]
}

function withOrigin(event: Extract<ChatEvent, { type: 'reasoning-done' }>, origin: string | undefined): ChatEvent {
  if (origin !== undefined) event.origin = origin
  return event
}

function blockIndex(payload: JsonObject): number {
  return typeof payload.index === 'number' ? payload.index : -1
}

function failure(provider: string, what: string): GatewayError {
  return new GatewayError('upstream_error', `${provider}: ${what}`, { provider })
}

/** The reader over a whole frame stream: the anthropic adapter's parser. */
export async function* readMessagesEvents(frames: AsyncIterable<Frame>, opts: MessagesReaderOptions): AsyncGenerator<ChatEvent> {
  const reader = createMessagesEventReader(opts)
  for await (const frame of frames) {
    const events = reader.read(frame)
    for (const event of events) {
      yield event
      if (event.type === 'error') return
    }
    if (reader.done) return
  }
  yield* reader.end()
}
