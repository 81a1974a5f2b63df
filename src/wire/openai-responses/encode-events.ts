import { assertNever, type ChatEvent, type JsonObject, type ReasoningBlock, type ToolCall, type Usage } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'
import type { ResponsesEncoding } from './encode-result.js'
import { newId } from './ids.js'
import { customInput, messageItem, outputTextPart, reasoningItem, refusalPart, summaryPart, toolCallItem, withoutEncrypted } from './output-items.js'
import { responsesUsage } from './usage.js'
import { endOf, responseObject, type ResponseStatus } from './response-object.js'
import { eventFrame, failureFrames } from './event-frames.js'

/**
 * Canonical events → the Responses API's event stream, as OpenAI's own streams have it
 * (fixtures/openai-responses): `response.created` and `response.in_progress`; per output item
 * `output_item.added` … `output_item.done` at its `output_index`; text as `content_part.added`,
 * `output_text.delta`*, `output_text.done`, `content_part.done` (refusals likewise); reasoning
 * as one summary part (`reasoning_summary_part.added`, `reasoning_summary_text.delta`*, `.done`,
 * `reasoning_summary_part.done`); function calls with their `fc_` item id and `call_` call id,
 * argument deltas keyed by the item id; then `response.completed` (or `response.incomplete`)
 * with usage. `sequence_number` counts every event from 0. No `[DONE]`.
 */
export interface ResponsesEventEncoder {
  encode(event: Exclude<ChatEvent, { type: 'error' }>): string
  end(): string
  /** A failure after the stream started: `error`, then `response.failed` with the output so far. */
  error(error: GatewayError): string
}

type Part = { type: 'text' | 'refusal'; text: string }
type Open =
  | { kind: 'message'; id: string; index: number; parts: Part[] }
  | { kind: 'reasoning'; id: string; index: number; text: string }
  | { kind: 'call'; id: string; index: number; key: number; call: ToolCall; custom: boolean }

export function createResponsesEncoder(enc: ResponsesEncoding): ResponsesEventEncoder {
  let seq = 0
  let started = false
  let model = enc.shell.model
  let usage: Usage | undefined
  let open: Open[] = []
  const stored: JsonObject[] = []
  const frame = (type: string, fields: JsonObject): string => eventFrame(type, fields, seq++)
  const shell = () => ({ ...enc.shell, model })
  const wireItems = () => (enc.includeEncrypted ? stored : stored.map(withoutEncrypted))

  const start = (upstreamModel?: string): string => {
    if (started) return ''
    started = true
    if (upstreamModel !== undefined) model = upstreamModel
    const response = responseObject(shell(), 'in_progress', { output: [] })
    return frame('response.created', { response }) + frame('response.in_progress', { response })
  }

  /** Closes the open items (all, or all but open function calls when `keepCalls`). */
  const close = (keepCalls: boolean): string => {
    let sse = ''
    const still: Open[] = []
    for (const item of open) {
      if (keepCalls && item.kind === 'call') still.push(item)
      else sse += closeItem(item)
    }
    open = still
    return sse
  }

  const closeItem = (item: Open, block?: ReasoningBlock): string => {
    const done = (final: JsonObject): string => {
      stored[item.index] = final
      return frame('response.output_item.done', { output_index: item.index, item: item.kind === 'reasoning' && !enc.includeEncrypted ? withoutEncrypted(final) : final })
    }
    switch (item.kind) {
      case 'message':
        return closeMessage(item, frame) + done(messageItem(item.id, 'completed', item.parts.map(partObject)))
      case 'reasoning': {
        const final = reasoningItem(item.id, block ?? { text: item.text })
        return closeSummary(item, frame) + done(final)
      }
      case 'call': {
        const final = toolCallItem(item.id, item.call, enc.tools, 'completed')
        return closeCall(item, final, frame) + done(final)
      }
      default:
        return assertNever(item)
    }
  }

  const openItem = (item: Open, added: JsonObject): string => {
    open.push(item)
    stored[item.index] = added
    return frame('response.output_item.added', { output_index: item.index, item: added })
  }

  const message = (): { sse: string; item: Extract<Open, { kind: 'message' }> } => {
    const last = open.at(-1)
    if (last?.kind === 'message') return { sse: '', item: last }
    const item: Open = { kind: 'message', id: newId('msg'), index: stored.length, parts: [] }
    const sse = close(false)
    item.index = stored.length
    return { sse: sse + openItem(item, messageItem(item.id, 'in_progress', [])), item }
  }

  const content = (type: Part['type'], delta: string): string => {
    const m = message()
    let sse = m.sse
    let part = m.item.parts.at(-1)
    if (part?.type !== type) {
      if (part !== undefined) sse += closePart(m.item, m.item.parts.length - 1, frame)
      part = { type, text: '' }
      m.item.parts.push(part)
      sse += frame('response.content_part.added', { content_index: m.item.parts.length - 1, item_id: m.item.id, output_index: m.item.index, part: partObject(part) })
    }
    part.text += delta
    const at = { content_index: m.item.parts.length - 1, delta, item_id: m.item.id }
    return sse + (type === 'text' ? frame('response.output_text.delta', { ...at, logprobs: [], output_index: m.item.index }) : frame('response.refusal.delta', { ...at, output_index: m.item.index }))
  }

  const reasoning = (delta: string): string => {
    const last = open.at(-1)
    if (last?.kind === 'reasoning') {
      last.text += delta
      return frame('response.reasoning_summary_text.delta', { delta, item_id: last.id, output_index: last.index, summary_index: 0 })
    }
    let sse = close(false)
    const item: Open = { kind: 'reasoning', id: newId('rs'), index: stored.length, text: delta }
    sse += openItem(item, { id: item.id, type: 'reasoning', summary: [] })
    sse += frame('response.reasoning_summary_part.added', { item_id: item.id, output_index: item.index, part: summaryPart(''), summary_index: 0 })
    return sse + frame('response.reasoning_summary_text.delta', { delta, item_id: item.id, output_index: item.index, summary_index: 0 })
  }

  const reasoningDone = (event: Extract<ChatEvent, { type: 'reasoning-done' }>): string => {
    let sse = ''
    let item = open.at(-1)
    if (item?.kind !== 'reasoning') {
      // Redacted reasoning arrives whole, with no text before it.
      sse += close(false)
      item = { kind: 'reasoning', id: newId('rs'), index: stored.length, text: '' }
      sse += openItem(item, { id: item.id, type: 'reasoning', summary: [] })
    }
    const block: ReasoningBlock = { text: item.text }
    if (event.signature !== undefined) block.signature = event.signature
    if (event.redacted !== undefined) block.redacted = event.redacted
    if (event.origin !== undefined) block.origin = event.origin
    open = open.filter((o) => o !== item)
    return sse + closeItem(item, block)
  }

  const toolStart = (event: Extract<ChatEvent, { type: 'tool-call-start' }>): string => {
    const sse = close(true)
    const custom = enc.tools.get(event.name)?.kind === 'custom'
    const call: ToolCall = { id: event.id, name: event.name, arguments: '' }
    const item: Open = { kind: 'call', id: newId(custom ? 'ctc' : 'fc'), index: stored.length, key: event.index, call, custom }
    const added = toolCallItem(item.id, call, enc.tools, 'in_progress')
    return sse + openItem(item, custom ? { ...added, input: '' } : added)
  }

  const toolDelta = (event: Extract<ChatEvent, { type: 'tool-call-delta' }>): string => {
    const item = open.find((o): o is Extract<Open, { kind: 'call' }> => o.kind === 'call' && o.key === event.index)
    if (item === undefined) return ''
    item.call.arguments += event.argsDelta
    // A custom tool's text input is whole only once its JSON arguments are: sent at the close.
    if (item.custom) return ''
    return frame('response.function_call_arguments.delta', { delta: event.argsDelta, item_id: item.id, output_index: item.index })
  }

  const finish = (event: Extract<ChatEvent, { type: 'finish' }>): string => {
    const sse = start() + close(false)
    const { status, incompleteReason } = endOf(event.reason)
    const end = (items: readonly JsonObject[]) => ({ output: items, usage: usage === undefined ? null : responsesUsage(usage), ...(incompleteReason === undefined ? {} : { incompleteReason }) })
    enc.onFinished?.(responseObject(shell(), status, end(stored)))
    return sse + frame(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: responseObject(shell(), status, end(wireItems())) })
  }

  return {
    encode(event) {
      switch (event.type) {
        case 'start':
          return start(event.upstreamModel)
        case 'text':
          return event.delta === '' ? start() : start() + content('text', event.delta)
        case 'refusal':
          return event.delta === '' ? start() : start() + content('refusal', event.delta)
        case 'reasoning':
          return event.delta === '' ? start() : start() + reasoning(event.delta)
        case 'reasoning-done':
          return start() + reasoningDone(event)
        case 'tool-call-start':
          return start() + toolStart(event)
        case 'tool-call-delta':
          return start() + toolDelta(event)
        case 'usage':
          usage = event.usage
          return ''
        case 'finish':
          return finish(event)
        default:
          return assertNever(event)
      }
    },
    end: () => '',
    error(error) {
      const sse = start()
      const status: ResponseStatus = 'failed'
      const response = responseObject(shell(), status, { output: wireItems().filter((item) => item !== undefined), error: { code: error.code ?? 'server_error', message: error.message } })
      return sse + failureFrames(error, response, () => seq++)
    },
  }
}

function partObject(part: Part): JsonObject {
  return part.type === 'text' ? outputTextPart(part.text) : refusalPart(part.text)
}

type Frame = (type: string, fields: JsonObject) => string

function closePart(item: Extract<Open, { kind: 'message' }>, index: number, frame: Frame): string {
  const part = item.parts[index]!
  const at = { content_index: index, item_id: item.id, output_index: item.index }
  const done = part.type === 'text' ? frame('response.output_text.done', { ...at, logprobs: [], text: part.text }) : frame('response.refusal.done', { ...at, refusal: part.text })
  return done + frame('response.content_part.done', { ...at, part: partObject(part) })
}

function closeMessage(item: Extract<Open, { kind: 'message' }>, frame: Frame): string {
  return item.parts.length === 0 ? '' : closePart(item, item.parts.length - 1, frame)
}

function closeSummary(item: Extract<Open, { kind: 'reasoning' }>, frame: Frame): string {
  if (item.text === '') return ''
  const at = { item_id: item.id, output_index: item.index, summary_index: 0 }
  return frame('response.reasoning_summary_text.done', { ...at, text: item.text }) + frame('response.reasoning_summary_part.done', { ...at, part: summaryPart(item.text) })
}

function closeCall(item: Extract<Open, { kind: 'call' }>, final: JsonObject, frame: Frame): string {
  const at = { item_id: item.id, output_index: item.index }
  if (!item.custom) return frame('response.function_call_arguments.done', { ...at, arguments: item.call.arguments })
  const input = customInput(item.call.arguments)
  return frame('response.custom_tool_call_input.delta', { ...at, delta: input }) + frame('response.custom_tool_call_input.done', { ...at, input: final.input ?? input })
}
