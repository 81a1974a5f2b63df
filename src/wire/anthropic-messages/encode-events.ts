import { assertNever, type ChatEvent, type FinishReason, type ResponseMeta, type Usage } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { MessagesEncodeOptions } from './encode-result.js'
import { markSignature } from './signature.js'
import { toStopReason } from './stop-reason.js'
import { toMessagesUsage } from './usage.js'

type Encodable = Exclude<ChatEvent, { type: 'error' }>

/** The block being written; a tool block remembers its canonical tool index. */
type OpenBlock = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; tool: number }

/** One answer's encoding state. */
interface State {
  meta: ResponseMeta
  opts: MessagesEncodeOptions
  model: string
  /** The kind that signs reasoning blocks that do not name their own. */
  origin: string
  started: boolean
  /** The Anthropic index of the current (or last) block. */
  index: number
  open?: OpenBlock
  closedTools: Set<number>
  usage?: Usage
  finish?: { reason: FinishReason; raw?: string }
}

/**
 * Canonical events → Anthropic's stream (fixtures/anthropic/*.sse, anthropic-messages/*.sse):
 * `message_start`; per block `content_block_start`, its deltas (`text_delta`, `thinking_delta`
 * then one `signature_delta`, `input_json_delta`), `content_block_stop`; then `message_delta`
 * with the stop reason and the whole usage, and `message_stop`. One encoder per answer.
 *
 * - Blocks are written one after another, each opened by its first event and closed by the next
 *   block or the end. Anthropic has no interleaving: a tool call's arguments arriving after a
 *   later block opened cannot be written, and fail the stream with a clear upstream error.
 * - A thinking block always ends with a signature: the upstream's, or an empty one, marked with
 *   the kind that made it (signature.ts), so the client's replay of it can be told apart.
 *   A redacted block is written whole, as Anthropic does.
 * - Usage arrives at the end of most upstream streams, so `message_start` says 0 and the
 *   `message_delta` carries every counter (the SDKs take input and cache counters from it).
 */
export function createMessagesEncoder(meta: ResponseMeta, opts: MessagesEncodeOptions): { encode(event: Encodable): string; end(): string } {
  const s: State = { meta, opts, model: meta.model, origin: meta.origin ?? 'unknown', started: false, index: -1, closedTools: new Set() }
  return { encode: (event) => encode(s, event), end: () => end(s) }
}

function encode(s: State, event: Encodable): string {
  switch (event.type) {
    case 'start':
      if (!s.started && event.upstreamModel !== undefined) s.model = event.upstreamModel
      return start(s)
    case 'text':
    case 'refusal':
      if (event.delta === '') return start(s)
      return inBlock(s, 'text', { type: 'text', text: '' }) + delta(s.index, { type: 'text_delta', text: event.delta })
    case 'reasoning': {
      const head = inBlock(s, 'thinking', { type: 'thinking', thinking: '', signature: '' })
      return s.opts.omitThinking || event.delta === '' ? head : head + delta(s.index, { type: 'thinking_delta', thinking: event.delta })
    }
    case 'reasoning-done':
      return reasoningDone(s, event)
    case 'tool-call-start':
      return begin(s, { kind: 'tool', tool: event.index }, { type: 'tool_use', id: event.id, name: event.name, input: {} })
    case 'tool-call-delta':
      return toolDelta(s, event.index, event.argsDelta)
    case 'usage':
      s.usage = event.usage
      return ''
    case 'finish':
      s.finish = event.raw === undefined ? { reason: event.reason } : { reason: event.reason, raw: event.raw }
      return start(s)
    default:
      return assertNever(event)
  }
}

function end(s: State): string {
  const head = start(s) + close(s)
  const usage = s.usage === undefined ? { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } : toMessagesUsage(s.usage)
  const stopReason = toStopReason(s.finish?.reason ?? 'stop', s.finish?.raw)
  return head + sse('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage }) + sse('message_stop', { type: 'message_stop' })
}

function start(s: State): string {
  if (s.started) return ''
  s.started = true
  const message = { id: s.meta.id, type: 'message', role: 'assistant', model: s.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } }
  return sse('message_start', { type: 'message_start', message })
}

/** Closes the open block; a thinking block closed by something else gets an empty signature of its kind. */
function close(s: State, signature = '', origin = s.origin): string {
  const open = s.open
  if (open === undefined) return ''
  s.open = undefined
  let out = ''
  if (open.kind === 'thinking') out += delta(s.index, { type: 'signature_delta', signature: markSignature(origin, signature) })
  if (open.kind === 'tool') s.closedTools.add(open.tool)
  return out + sse('content_block_stop', { type: 'content_block_stop', index: s.index })
}

function begin(s: State, block: OpenBlock, contentBlock: object): string {
  const out = start(s) + close(s)
  s.open = block
  s.index++
  return out + sse('content_block_start', { type: 'content_block_start', index: s.index, content_block: contentBlock })
}

function inBlock(s: State, kind: 'text' | 'thinking', contentBlock: object): string {
  return s.open?.kind === kind ? '' : begin(s, { kind }, contentBlock)
}

function reasoningDone(s: State, event: Extract<ChatEvent, { type: 'reasoning-done' }>): string {
  const origin = event.origin ?? s.origin
  if (event.redacted !== undefined) {
    const out = begin(s, { kind: 'text' }, { type: 'redacted_thinking', data: markSignature(origin, event.redacted) })
    s.open = undefined
    return out + sse('content_block_stop', { type: 'content_block_stop', index: s.index })
  }
  if (s.open?.kind === 'thinking') return close(s, event.signature ?? '', origin)
  // A signature with no thinking text before it (an upstream that signs an empty block).
  if (event.signature === undefined) return ''
  return begin(s, { kind: 'thinking' }, { type: 'thinking', thinking: '', signature: '' }) + close(s, event.signature, origin)
}

function toolDelta(s: State, tool: number, args: string): string {
  if (s.open?.kind === 'tool' && s.open.tool === tool) return args === '' ? '' : delta(s.index, { type: 'input_json_delta', partial_json: args })
  const what = s.closedTools.has(tool) ? 'after a later block had started' : 'before the call started'
  throw new GatewayError('upstream_error', `The upstream sent arguments for tool call ${tool} ${what}; the Messages stream cannot interleave blocks.`)
}

function sse(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

function delta(index: number, payload: object): string {
  return sse('content_block_delta', { type: 'content_block_delta', index, delta: payload })
}
