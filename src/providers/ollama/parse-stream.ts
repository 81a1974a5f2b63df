import type { ChatEvent } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import type { CallContext } from '../types.js'
import { parseJsonOrUndefined } from '../../wire/json.js'
import { mapOllamaFailure } from './map-error.js'
import { mapDoneReason } from './map-done-reason.js'
import { readChunk } from './read-chunk.js'
import { toolCallId } from '../../wire/tool-call-id.js'
import { usageOf } from './usage.js'

/**
 * /api/chat NDJSON lines → canonical events (fixtures/ollama/chat-stream*.ndjson). Each line
 * is a whole object: `message.content` is text, `message.thinking` reasoning, and tool calls
 * come whole, so each is a start plus one delta with all its arguments. The line with
 * `done: true` carries `done_reason` and the usage. An `{"error": …}` line (the status is
 * already 200) ends the stream with an error event, and so does a body that stops before
 * `done: true`.
 */
export async function* parseOllamaStream(frames: AsyncIterable<Frame>, ctx: CallContext): AsyncGenerator<ChatEvent> {
  let started = false
  let toolCount = 0

  for await (const frame of frames) {
    const chunk = readChunk(parseJsonOrUndefined(frame.data))
    if (chunk === undefined) {
      yield { type: 'error', error: failure(ctx, `unreadable stream line ${JSON.stringify(frame.data.slice(0, 80))}`) }
      return
    }
    if (chunk.error !== undefined) {
      yield { type: 'error', error: mapOllamaFailure(undefined, chunk.error, undefined, ctx) }
      return
    }
    if (!started) {
      started = true
      yield chunk.model === undefined ? { type: 'start' } : { type: 'start', upstreamModel: chunk.model }
    }
    if (chunk.thinking !== '') yield { type: 'reasoning', delta: chunk.thinking }
    if (chunk.content !== '') yield { type: 'text', delta: chunk.content }
    for (const call of chunk.toolCalls) {
      const index = toolCount++
      yield { type: 'tool-call-start', index, id: call.id === '' ? toolCallId(ctx.requestId, index) : call.id, name: call.name }
      yield { type: 'tool-call-delta', index, argsDelta: call.arguments }
    }
    if (chunk.done) {
      const finish: ChatEvent = { type: 'finish', reason: mapDoneReason(chunk.doneReason, toolCount > 0) }
      if (chunk.doneReason !== undefined) finish.raw = chunk.doneReason
      yield finish
      yield { type: 'usage', usage: usageOf(chunk) }
      return
    }
  }
  yield { type: 'error', error: failure(ctx, 'stream ended early (no line with "done": true)') }
}

function failure(ctx: CallContext, what: string): GatewayError {
  return new GatewayError('upstream_error', `${ctx.provider.name}: ${what}`, { provider: ctx.provider.name })
}
