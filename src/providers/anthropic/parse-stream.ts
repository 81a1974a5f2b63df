import type { ChatEvent } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import type { CallContext } from '../types.js'
import { asObject, asString, parseJsonOrUndefined, type JsonObject } from '../../wire/json.js'
import { mapStopReason } from './map-stop-reason.js'
import { streamErrorToGateway } from './parse-error.js'
import { mergeUsage, NO_USAGE, toUsage, type UsageCounters } from './usage.js'

/** What we remember about an open tool_use block. */
interface ToolBlock {
  /** OpenAI's tool-call index: tool blocks counted from 0, text/thinking blocks not counted. */
  index: number
  /** Whether any non-empty `partial_json` arrived. */
  hasArgs: boolean
}

/**
 * Messages API stream events → canonical events (event shapes in fixtures/SOURCES.md,
 * "Anthropic Messages / Stream shape"). The event name is read from the payload's `type`
 * (the API keeps them equal); every data line goes through JSON.parse, so the whitespace
 * padding Anthropic adds is harmless. `ping` and unknown events are skipped.
 *
 * Usage comes from `message_start` (input and cache counters) and `message_delta`
 * (cumulative output), and is emitted once, after the finish, at `message_stop`. An `error`
 * event (e.g. overloaded_error after a 200) ends the stream with an error event, and so does
 * a body that ends before `message_stop`.
 */
export async function* parseAnthropicStream(frames: AsyncIterable<Frame>, ctx: CallContext): AsyncGenerator<ChatEvent> {
  const tools = new Map<number, ToolBlock>()
  let toolCount = 0
  let usage: UsageCounters = NO_USAGE
  let stopReason: string | undefined

  for await (const frame of frames) {
    const payload = asObject(parseJsonOrUndefined(frame.data))
    if (payload === undefined) {
      yield { type: 'error', error: failure(ctx, `unreadable stream event ${JSON.stringify(frame.data.slice(0, 80))}`) }
      return
    }
    switch (asString(payload.type) ?? frame.event) {
      case 'message_start': {
        const message = asObject(payload.message)
        usage = mergeUsage(usage, message?.usage)
        const start: ChatEvent = { type: 'start' }
        const id = asString(message?.id)
        const model = asString(message?.model)
        if (id !== undefined) start.id = id
        if (model !== undefined) start.upstreamModel = model
        yield start
        break
      }
      case 'content_block_start': {
        const index = blockIndex(payload)
        const block = asObject(payload.content_block)
        switch (block?.type) {
          case 'text': {
            const text = asString(block.text) ?? ''
            if (text !== '') yield { type: 'text', delta: text }
            break
          }
          case 'thinking': {
            const thinking = asString(block.thinking) ?? ''
            if (thinking !== '') yield { type: 'reasoning', delta: thinking }
            break
          }
          case 'tool_use': {
            const tool: ToolBlock = { index: toolCount++, hasArgs: false }
            tools.set(index, tool)
            yield { type: 'tool-call-start', index: tool.index, id: asString(block.id) ?? '', name: asString(block.name) ?? '' }
            // Streams open with `input: {}` and send the input as deltas; an input given here
            // in full (as non-streaming answers do) is passed on as the arguments.
            const input = asObject(block.input)
            if (input !== undefined && Object.keys(input).length > 0) {
              tool.hasArgs = true
              yield { type: 'tool-call-delta', index: tool.index, argsDelta: JSON.stringify(input) }
            }
            break
          }
          default:
            break
        }
        break
      }
      case 'content_block_delta': {
        const delta = asObject(payload.delta)
        switch (delta?.type) {
          case 'text_delta': {
            const text = asString(delta.text) ?? ''
            if (text !== '') yield { type: 'text', delta: text }
            break
          }
          case 'thinking_delta': {
            const thinking = asString(delta.thinking) ?? ''
            if (thinking !== '') yield { type: 'reasoning', delta: thinking }
            break
          }
          case 'input_json_delta': {
            const tool = tools.get(blockIndex(payload))
            const part = asString(delta.partial_json) ?? ''
            // The first fragment is usually "", and a call without arguments may send only that.
            if (tool !== undefined && part !== '') {
              tool.hasArgs = true
              yield { type: 'tool-call-delta', index: tool.index, argsDelta: part }
            }
            break
          }
          default:
            // signature_delta, citations_delta: nothing to say in OpenAI's format.
            break
        }
        break
      }
      case 'content_block_stop': {
        const index = blockIndex(payload)
        const tool = tools.get(index)
        if (tool !== undefined) {
          yield* closeTool(tool)
          tools.delete(index)
        }
        break
      }
      case 'message_delta': {
        stopReason = asString(asObject(payload.delta)?.stop_reason) ?? stopReason
        usage = mergeUsage(usage, payload.usage)
        break
      }
      case 'message_stop': {
        // A block cut off by max_tokens may never get its content_block_stop (see
        // messages-stream-max-tokens-partial-tool-input.sse); its partial JSON stays as sent.
        for (const tool of tools.values()) yield* closeTool(tool)
        const finish: ChatEvent = { type: 'finish', reason: mapStopReason(stopReason) }
        if (stopReason !== undefined) finish.raw = stopReason
        yield finish
        yield { type: 'usage', usage: toUsage(usage) }
        return
      }
      case 'error':
        yield { type: 'error', error: streamErrorToGateway(payload, ctx) }
        return
      default:
        // ping, and event types newer than this adapter.
        break
    }
  }
  yield { type: 'error', error: failure(ctx, 'stream ended early (no message_stop)') }
}

/** A tool block that received no input at all gets `{}`, so its arguments are valid JSON. */
function* closeTool(tool: ToolBlock): Generator<ChatEvent> {
  if (!tool.hasArgs) {
    tool.hasArgs = true
    yield { type: 'tool-call-delta', index: tool.index, argsDelta: '{}' }
  }
}

function blockIndex(payload: JsonObject): number {
  return typeof payload.index === 'number' ? payload.index : -1
}

function failure(ctx: CallContext, what: string): GatewayError {
  return new GatewayError('upstream_error', `${ctx.provider.name}: ${what}`, { provider: ctx.provider.name })
}
