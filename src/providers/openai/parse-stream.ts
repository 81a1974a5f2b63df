import type { ChatEvent, Usage } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { Frame } from '../../streaming/frame.js'
import { fromOpenAIUsage } from '../../wire/usage.js'
import type { CallContext } from '../types.js'
import { argumentsText, contentText, isRecord, nonEmptyString, stringField, type JsonRecord } from './json-fields.js'
import { mapFinishReason } from './map-finish-reason.js'
import { parseOpenAIError, statusOfStreamError, type ErrorMapper } from './parse-error.js'
import { syntheticToolCallId } from './tool-call-id.js'

/**
 * `chat.completion.chunk` frames → canonical events: start, then text / reasoning / refusal /
 * tool-call events as they come, then usage and finish at the end of the stream.
 *
 * What the family sends, and how it is read (fixtures: openai/, mistral/, azure/):
 * - `data: [DONE]` ends the stream. A body that ends without it and without a finish reason
 *   was cut off: an error event says so.
 * - Usage: an extra final chunk with `choices: []` (OpenAI, with `"usage": null` on every other
 *   chunk in newer recordings), or on the finish chunk itself (Mistral), or on every chunk
 *   (vLLM's continuous usage). The last one seen wins; it is emitted once, before `finish`,
 *   which is held until the stream ends so usage that follows it is not lost.
 * - A chunk with `choices: []` and no usage carries nothing (Azure's prompt-filter chunk, with
 *   empty `id`/`model`); ids and model names are only taken from non-empty values.
 * - The role chunk (`content: ""` or `null`) produces only `start`; empty deltas produce nothing.
 * - Tool calls are keyed by `index`; the first delta of a call has its id and name. Mistral
 *   sends whole calls without `index` (or `type`): each gets the next free index.
 * - `delta.refusal`, `delta.reasoning_content` / `delta.reasoning` (DeepSeek, vLLM / Ollama,
 *   OpenRouter) become refusal and reasoning events; `obfuscation`, `logprobs`,
 *   `content_filter_results` and other extras are ignored.
 * - With n>1 only choice 0 becomes events (the canonical model has one answer); usage still
 *   covers all choices.
 * - A mid-stream `data: {"error":{…}}` becomes one error event and ends the stream.
 */
export async function* parseOpenAIStream(
  frames: AsyncIterable<Frame>,
  ctx: CallContext,
  mapError: ErrorMapper = parseOpenAIError,
): AsyncGenerator<ChatEvent> {
  let started = false
  let done = false
  let usage: Usage | undefined
  let finishRaw: string | undefined
  const toolIndexes = new Set<number>()
  let nextToolIndex = 0

  for await (const frame of frames) {
    // Some servers pad the sentinel; only short frames are worth trimming.
    if (frame.data === '[DONE]' || (frame.data.length < 16 && frame.data.trim() === '[DONE]')) {
      done = true
      break
    }
    let chunk: unknown
    try {
      chunk = JSON.parse(frame.data)
    } catch {
      // A stray non-SSE line (a proxy's banner) is not worth failing for; a broken data line is.
      if (frame.event === 'unparsed' || frame.data.trim() === '') continue
      yield { type: 'error', error: unreadable(ctx) }
      return
    }
    if (!isRecord(chunk)) continue
    if (chunk.error !== undefined && chunk.error !== null) {
      yield { type: 'error', error: mapError(statusOfStreamError(chunk), chunk, new Headers(), ctx) }
      return
    }
    if (chunk.usage !== undefined && chunk.usage !== null) usage = fromOpenAIUsage(chunk.usage) ?? usage

    const choice = firstChoice(chunk.choices)
    if (choice === undefined) continue
    if (!started) {
      started = true
      yield startEvent(chunk)
    }
    const delta = choice.delta
    if (isRecord(delta)) {
      const reasoning = nonEmptyString(delta.reasoning_content) ?? nonEmptyString(delta.reasoning)
      if (reasoning !== undefined) yield { type: 'reasoning', delta: reasoning }
      const text = contentText(delta.content)
      if (text !== undefined && text !== '') yield { type: 'text', delta: text }
      const refusal = nonEmptyString(delta.refusal)
      if (refusal !== undefined) yield { type: 'refusal', delta: refusal }

      const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls : isRecord(delta.function_call) ? [{ index: 0, function: delta.function_call }] : undefined
      if (calls !== undefined) {
        for (const call of calls) {
          if (!isRecord(call)) continue
          const fn = isRecord(call.function) ? call.function : {}
          const id = nonEmptyString(call.id)
          const name = stringField(fn.name)
          let index: number
          if (typeof call.index === 'number') index = call.index
          else if (id === undefined && name === undefined && nextToolIndex > 0) index = nextToolIndex - 1 // an index-less continuation
          else index = nextToolIndex // a whole call without index (Mistral)
          if (!toolIndexes.has(index)) {
            toolIndexes.add(index)
            if (index >= nextToolIndex) nextToolIndex = index + 1
            yield { type: 'tool-call-start', index, id: id ?? syntheticToolCallId(ctx, index), name: name ?? '' }
          }
          const args = argumentsText(fn.arguments)
          if (args !== undefined && args !== '') yield { type: 'tool-call-delta', index, argsDelta: args }
        }
      }
    }
    const finish = nonEmptyString(choice.finish_reason)
    if (finish !== undefined) finishRaw = finish
  }

  if (!started && (usage !== undefined || finishRaw !== undefined || done)) yield { type: 'start' }
  if (usage !== undefined) yield { type: 'usage', usage }
  if (finishRaw !== undefined) {
    const reason = mapFinishReason(finishRaw, toolIndexes.size > 0)
    if (reason === 'error') {
      yield {
        type: 'error',
        error: new GatewayError('upstream_error', `Provider '${ctx.provider.name}' reported an error while generating (finish_reason: error).`, {
          provider: ctx.provider.name,
        }),
      }
    } else {
      yield { type: 'finish', reason, raw: finishRaw }
    }
  } else if (done) {
    // [DONE] without a finish reason: the upstream says it is complete, so treat it as a stop.
    yield { type: 'finish', reason: toolIndexes.size > 0 ? 'tool_calls' : 'stop' }
  } else {
    yield {
      type: 'error',
      error: new GatewayError('upstream_error', `Provider '${ctx.provider.name}' ended the stream before the answer was finished.`, {
        provider: ctx.provider.name,
      }),
    }
  }
}

/** Choice 0 of a chunk (a choice without `index` counts as 0), or undefined. */
function firstChoice(choices: unknown): JsonRecord | undefined {
  if (!Array.isArray(choices)) return undefined
  for (const c of choices) {
    if (isRecord(c) && (c.index === 0 || c.index === undefined)) return c
  }
  return undefined
}

function startEvent(chunk: JsonRecord): ChatEvent {
  const event: { type: 'start'; id?: string; upstreamModel?: string } = { type: 'start' }
  const id = nonEmptyString(chunk.id)
  if (id !== undefined) event.id = id
  const model = nonEmptyString(chunk.model)
  if (model !== undefined) event.upstreamModel = model
  return event
}

function unreadable(ctx: CallContext): GatewayError {
  return new GatewayError('upstream_error', `Provider '${ctx.provider.name}' sent a stream chunk that is not valid JSON.`, {
    provider: ctx.provider.name,
  })
}
