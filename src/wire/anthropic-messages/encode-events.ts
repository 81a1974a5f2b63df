import { assertNever, type ChatEvent, type FinishReason, type ResponseMeta, type Usage } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { MessagesEncodeOptions } from './encode-result.js'
import { markSignature } from './signature.js'
import { toStopReason } from './stop-reason.js'
import { toMessagesUsage } from './usage.js'

type Encodable = Exclude<ChatEvent, { type: 'error' }>

/** The block being written: its Anthropic index, and for a tool block the canonical tool index. */
type OpenBlock = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; tool: number }

/**
 * Canonical events → Anthropic's stream (fixtures/anthropic/*.sse, anthropic-messages/*.sse):
 * `message_start`; per block `content_block_start`, its deltas (`text_delta`, `thinking_delta`
 * then one `signature_delta`, `input_json_delta`), `content_block_stop`; then `message_delta`
 * with the stop reason and the whole usage, and `message_stop`. One encoder per answer; its
 * state lives in this closure.
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
  let model = meta.model
  let started = false
  let index = -1
  let open: OpenBlock | undefined
  const closedTools = new Set<number>()
  let usage: Usage | undefined
  let finish: { reason: FinishReason; raw?: string } | undefined
  const origin = meta.origin ?? 'unknown'

  const start = (): string => {
    if (started) return ''
    started = true
    return sse('message_start', {
      type: 'message_start',
      message: { id: meta.id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
    })
  }
  const close = (): string => {
    if (open === undefined) return ''
    let out = ''
    if (open.kind === 'thinking') out += delta(index, { type: 'signature_delta', signature: markSignature(origin, '') })
    if (open.kind === 'tool') closedTools.add(open.tool)
    open = undefined
    return out + sse('content_block_stop', { type: 'content_block_stop', index })
  }
  const begin = (block: OpenBlock, contentBlock: object): string => {
    const out = start() + close()
    open = block
    index++
    return out + sse('content_block_start', { type: 'content_block_start', index, content_block: contentBlock })
  }
  const inBlock = (kind: 'text' | 'thinking', contentBlock: object): string => (open?.kind === kind ? '' : begin({ kind }, contentBlock))

  return {
    encode(event) {
      switch (event.type) {
        case 'start':
          if (!started && event.upstreamModel !== undefined) model = event.upstreamModel
          return start()
        case 'text':
        case 'refusal':
          if (event.delta === '') return start()
          return inBlock('text', { type: 'text', text: '' }) + delta(index, { type: 'text_delta', text: event.delta })
        case 'reasoning': {
          const head = inBlock('thinking', { type: 'thinking', thinking: '', signature: '' })
          return opts.omitThinking || event.delta === '' ? head : head + delta(index, { type: 'thinking_delta', thinking: event.delta })
        }
        case 'reasoning-done':
          return reasoningDone(event)
        case 'tool-call-start':
          return begin({ kind: 'tool', tool: event.index }, { type: 'tool_use', id: event.id, name: event.name, input: {} })
        case 'tool-call-delta':
          return toolDelta(event.index, event.argsDelta)
        case 'usage':
          usage = event.usage
          return ''
        case 'finish':
          finish = event.raw === undefined ? { reason: event.reason } : { reason: event.reason, raw: event.raw }
          return start()
        default:
          return assertNever(event)
      }
    },
    end() {
      const head = start() + close()
      const u = usage === undefined ? { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } : toMessagesUsage(usage)
      const stopReason = toStopReason(finish?.reason ?? 'stop', finish?.raw)
      return head + sse('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: u }) + sse('message_stop', { type: 'message_stop' })
    },
  }

  function reasoningDone(event: Extract<ChatEvent, { type: 'reasoning-done' }>): string {
    const by = event.origin ?? origin
    if (event.redacted !== undefined) {
      const out = begin({ kind: 'thinking' }, { type: 'redacted_thinking', data: markSignature(by, event.redacted) })
      open = undefined
      return out + sse('content_block_stop', { type: 'content_block_stop', index })
    }
    if (open?.kind !== 'thinking') {
      // A signature with no thinking text before it (an upstream that signs an empty block).
      if (event.signature === undefined) return ''
      const out = begin({ kind: 'thinking' }, { type: 'thinking', thinking: '', signature: '' })
      open = undefined
      return out + delta(index, { type: 'signature_delta', signature: markSignature(by, event.signature) }) + sse('content_block_stop', { type: 'content_block_stop', index })
    }
    open = undefined
    return delta(index, { type: 'signature_delta', signature: markSignature(by, event.signature ?? '') }) + sse('content_block_stop', { type: 'content_block_stop', index })
  }

  function toolDelta(tool: number, args: string): string {
    if (open?.kind === 'tool' && open.tool === tool) return args === '' ? '' : delta(index, { type: 'input_json_delta', partial_json: args })
    const what = closedTools.has(tool) ? 'after a later block had started' : 'before the call started'
    throw new GatewayError('upstream_error', `The upstream sent arguments for tool call ${tool} ${what}; the Messages stream cannot interleave blocks.`)
  }
}

function sse(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

function delta(index: number, payload: object): string {
  return sse('content_block_delta', { type: 'content_block_delta', index, delta: payload })
}
