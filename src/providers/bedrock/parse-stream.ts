/**
 * ConverseStream frames (decoded by decode-aws-eventstream.ts) → canonical events.
 *
 * The wire payloads lack the SDK's wrapper key (the frame's `event` names the type) and carry
 * a random `p` padding field, which is ignored. Per SOURCES.md and the recorded streams:
 * - messageStart → start.
 * - Text blocks usually have no contentBlockStart: their first contentBlockDelta opens them.
 * - A tool block opens with contentBlockStart `start.toolUse {toolUseId, name}`; its `input`
 *   then arrives as string fragments (the first may be ""). Bedrock block indexes count text
 *   blocks too, so tool calls get their own 0-based index.
 * - Reasoning streams as `delta.reasoningContent.text`, then one `signature` delta; the block's
 *   contentBlockStop (or the next block) ends it with a `reasoning-done` carrying the signature
 *   (origin `bedrock`). `redactedContent` arrives whole and is a `reasoning-done` of its own.
 * - messageStop carries stopReason; usage comes after it in `metadata`. The finish is held
 *   until then, so the usage event always comes first; at the end of the frames a held
 *   finish is emitted without usage.
 * - An exception frame ends the stream with an error event mapped by its type.
 */
import type { ChatEvent } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import type { CallContext } from '../types.js'
import { asNumber, readObject, asString, isObject, tryParseJson, type JsonObject } from '../../wire/json.js'
import { bedrockError } from './map-error-type.js'
import { mapStopReason } from './map-stop-reason.js'
import { parseUsage } from './parse-usage.js'

interface ToolBlock {
  index: number
  argsLength: number
}

export async function* parseBedrockStream(frames: AsyncIterable<Frame>, ctx: CallContext): AsyncGenerator<ChatEvent> {
  let started = false
  let toolCount = 0
  const toolBlocks = new Map<number, ToolBlock>()
  let stopReason: string | undefined
  let finished = false
  // The open reasoning block's signature ('' until its signature delta), undefined when none is open.
  let reasoningSignature: string | undefined
  const reasoningDone = (): ChatEvent[] => {
    if (reasoningSignature === undefined) return []
    const done: ChatEvent = reasoningSignature === '' ? { type: 'reasoning-done', origin: 'bedrock' } : { type: 'reasoning-done', signature: reasoningSignature, origin: 'bedrock' }
    reasoningSignature = undefined
    return [done]
  }
  const reasoningDelta = (reasoning: JsonObject): ChatEvent[] => {
    const redacted = asString(reasoning.redactedContent)
    if (redacted !== undefined) return [...reasoningDone(), { type: 'reasoning-done', redacted, origin: 'bedrock' }]
    const events: ChatEvent[] = []
    const thought = asString(reasoning.text)
    if (thought !== undefined) {
      reasoningSignature ??= ''
      if (thought !== '') events.push({ type: 'reasoning', delta: thought })
    }
    const signature = asString(reasoning.signature)
    if (signature !== undefined) reasoningSignature = (reasoningSignature ?? '') + signature
    return events
  }

  const malformed = (what: string): ChatEvent => ({
    type: 'error',
    error: new GatewayError('upstream_error', `Provider '${ctx.provider.name}' sent ${what}.`, { provider: ctx.provider.name }),
  })
  const finish = (raw: string): ChatEvent => ({ type: 'finish', reason: mapStopReason(raw), raw })

  for await (const frame of frames) {
    const parsed = tryParseJson(frame.data)
    const payload = parsed.ok && isObject(parsed.value) ? parsed.value : undefined

    if (frame.event === 'exception') {
      const message = payload === undefined ? undefined : asString(payload.message) ?? asString(payload.Message)
      const facts = frame.exceptionType === undefined ? {} : { type: frame.exceptionType }
      yield { type: 'error', error: bedrockError(message === undefined ? facts : { ...facts, message }, ctx) }
      return
    }
    if (payload === undefined) {
      yield malformed(`a stream event that is not a JSON object (${frame.event ?? 'no event type'})`)
      return
    }
    if (!started) {
      started = true
      yield { type: 'start' }
    }

    switch (frame.event) {
      case 'messageStart':
        break
      case 'contentBlockStart': {
        const blockIndex = asNumber(payload.contentBlockIndex) ?? -1
        const toolUse = readObject(readObject(payload.start).toolUse)
        const id = asString(toolUse.toolUseId)
        const name = asString(toolUse.name)
        if (id !== undefined && name !== undefined) {
          const block = { index: toolCount++, argsLength: 0 }
          toolBlocks.set(blockIndex, block)
          yield { type: 'tool-call-start', index: block.index, id, name }
        }
        break
      }
      case 'contentBlockDelta': {
        const blockIndex = asNumber(payload.contentBlockIndex) ?? -1
        const delta = readObject(payload.delta)
        const text = asString(delta.text)
        if (text !== undefined && text !== '') yield { type: 'text', delta: text }
        const input = asString(readObject(delta.toolUse).input)
        const block = toolBlocks.get(blockIndex)
        if (input !== undefined && input !== '' && block !== undefined) {
          block.argsLength += input.length
          yield { type: 'tool-call-delta', index: block.index, argsDelta: input }
        }
        yield* reasoningDelta(readObject(delta.reasoningContent))
        break
      }
      case 'contentBlockStop': {
        yield* reasoningDone()
        const block = toolBlocks.get(asNumber(payload.contentBlockIndex) ?? -1)
        // A tool without arguments streams nothing but "": its arguments are the empty object.
        if (block !== undefined && block.argsLength === 0) yield { type: 'tool-call-delta', index: block.index, argsDelta: '{}' }
        break
      }
      case 'messageStop':
        yield* reasoningDone()
        stopReason = asString(payload.stopReason) ?? 'end_turn'
        break
      case 'metadata': {
        const usage = parseUsage(payload.usage)
        if (usage !== undefined) yield { type: 'usage', usage }
        if (stopReason !== undefined && !finished) {
          finished = true
          yield finish(stopReason)
        }
        break
      }
      default:
        // Event types added later (e.g. citations) are skipped.
        break
    }
  }

  if (finished) return
  if (stopReason !== undefined) yield finish(stopReason)
  else yield malformed(started ? 'a stream that ended without messageStop' : 'an empty stream')
}
