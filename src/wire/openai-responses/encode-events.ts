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
  return new ResponsesStream(enc)
}

/** One stream's state: the items open and those done, in output order, and the event count. */
class ResponsesStream implements ResponsesEventEncoder {
  private seq = 0
  private started = false
  private model: string
  private usage: Usage | undefined
  private open: Open[] = []
  private readonly stored: JsonObject[] = []

  constructor(private readonly enc: ResponsesEncoding) {
    this.model = enc.shell.model
  }

  encode(event: Exclude<ChatEvent, { type: 'error' }>): string {
    switch (event.type) {
      case 'start':
        return this.start(event.upstreamModel)
      case 'text':
        return event.delta === '' ? this.start() : this.start() + this.content('text', event.delta)
      case 'refusal':
        return event.delta === '' ? this.start() : this.start() + this.content('refusal', event.delta)
      case 'reasoning':
        return event.delta === '' ? this.start() : this.start() + this.reasoning(event.delta)
      case 'reasoning-done':
        return this.start() + this.reasoningDone(event)
      case 'tool-call-start':
        return this.start() + this.toolStart(event)
      case 'tool-call-delta':
        return this.start() + this.toolDelta(event)
      case 'usage':
        this.usage = event.usage
        return ''
      case 'finish':
        return this.finish(event)
      default:
        return assertNever(event)
    }
  }

  end(): string {
    return ''
  }

  error(error: GatewayError): string {
    const sse = this.start()
    const status: ResponseStatus = 'failed'
    const output = this.wireItems().filter((item) => item !== undefined)
    const response = responseObject(this.shell(), status, { output, error: { code: error.code ?? 'server_error', message: error.message } })
    return sse + failureFrames(error, response, () => this.seq++)
  }

  private readonly frame: Frame = (type, fields) => eventFrame(type, fields, this.seq++)

  private shell() {
    return { ...this.enc.shell, model: this.model }
  }

  private wireItems(): JsonObject[] {
    return this.enc.includeEncrypted ? this.stored : this.stored.map(withoutEncrypted)
  }

  private start(upstreamModel?: string): string {
    if (this.started) return ''
    this.started = true
    if (upstreamModel !== undefined) this.model = upstreamModel
    const response = responseObject(this.shell(), 'in_progress', { output: [] })
    return this.frame('response.created', { response }) + this.frame('response.in_progress', { response })
  }

  /** Closes the open items (all, or all but open function calls when `keepCalls`). */
  private close(keepCalls: boolean): string {
    let sse = ''
    const still: Open[] = []
    for (const item of this.open) {
      if (keepCalls && item.kind === 'call') still.push(item)
      else sse += this.closeItem(item)
    }
    this.open = still
    return sse
  }

  private closeItem(item: Open, block?: ReasoningBlock): string {
    switch (item.kind) {
      case 'message':
        return closeMessage(item, this.frame) + this.itemDone(item, messageItem(item.id, 'completed', item.parts.map(partObject)))
      case 'reasoning':
        return closeSummary(item, this.frame) + this.itemDone(item, reasoningItem(item.id, block ?? { text: item.text }))
      case 'call': {
        const final = toolCallItem(item.id, item.call, this.enc.tools, 'completed')
        return closeCall(item, final, this.frame) + this.itemDone(item, final)
      }
      default:
        return assertNever(item)
    }
  }

  private itemDone(item: Open, final: JsonObject): string {
    this.stored[item.index] = final
    const shown = item.kind === 'reasoning' && !this.enc.includeEncrypted ? withoutEncrypted(final) : final
    return this.frame('response.output_item.done', { output_index: item.index, item: shown })
  }

  private openItem(item: Open, added: JsonObject): string {
    this.open.push(item)
    this.stored[item.index] = added
    return this.frame('response.output_item.added', { output_index: item.index, item: added })
  }

  /** The message item being written, opened (after closing the others) when there is none. */
  private message(): { sse: string; item: Extract<Open, { kind: 'message' }> } {
    const last = this.open.at(-1)
    if (last?.kind === 'message') return { sse: '', item: last }
    const sse = this.close(false)
    const item: Open = { kind: 'message', id: newId('msg'), index: this.stored.length, parts: [] }
    return { sse: sse + this.openItem(item, messageItem(item.id, 'in_progress', [])), item }
  }

  private content(type: Part['type'], delta: string): string {
    const m = this.message()
    let sse = m.sse
    let part = m.item.parts.at(-1)
    if (part?.type !== type) {
      if (part !== undefined) sse += closePart(m.item, m.item.parts.length - 1, this.frame)
      part = { type, text: '' }
      m.item.parts.push(part)
      sse += this.frame('response.content_part.added', { content_index: m.item.parts.length - 1, item_id: m.item.id, output_index: m.item.index, part: partObject(part) })
    }
    part.text += delta
    const at = { content_index: m.item.parts.length - 1, delta, item_id: m.item.id }
    const index = m.item.index
    return sse + (type === 'text' ? this.frame('response.output_text.delta', { ...at, logprobs: [], output_index: index }) : this.frame('response.refusal.delta', { ...at, output_index: index }))
  }

  private reasoning(delta: string): string {
    const last = this.open.at(-1)
    if (last?.kind === 'reasoning') {
      last.text += delta
      return this.frame('response.reasoning_summary_text.delta', { delta, item_id: last.id, output_index: last.index, summary_index: 0 })
    }
    let sse = this.close(false)
    const item: Open = { kind: 'reasoning', id: newId('rs'), index: this.stored.length, text: delta }
    sse += this.openItem(item, { id: item.id, type: 'reasoning', summary: [] })
    sse += this.frame('response.reasoning_summary_part.added', { item_id: item.id, output_index: item.index, part: summaryPart(''), summary_index: 0 })
    return sse + this.frame('response.reasoning_summary_text.delta', { delta, item_id: item.id, output_index: item.index, summary_index: 0 })
  }

  private reasoningDone(event: Extract<ChatEvent, { type: 'reasoning-done' }>): string {
    let sse = ''
    let item = this.open.at(-1)
    if (item?.kind !== 'reasoning') {
      // Redacted reasoning arrives whole, with no text before it.
      sse += this.close(false)
      item = { kind: 'reasoning', id: newId('rs'), index: this.stored.length, text: '' }
      sse += this.openItem(item, { id: item.id, type: 'reasoning', summary: [] })
    }
    const block: ReasoningBlock = { text: item.text }
    if (event.signature !== undefined) block.signature = event.signature
    if (event.redacted !== undefined) block.redacted = event.redacted
    if (event.origin !== undefined) block.origin = event.origin
    const done = item
    this.open = this.open.filter((o) => o !== done)
    return sse + this.closeItem(done, block)
  }

  private toolStart(event: Extract<ChatEvent, { type: 'tool-call-start' }>): string {
    const sse = this.close(true)
    const custom = this.enc.tools.get(event.name)?.kind === 'custom'
    const call: ToolCall = { id: event.id, name: event.name, arguments: '' }
    const item: Open = { kind: 'call', id: newId(custom ? 'ctc' : 'fc'), index: this.stored.length, key: event.index, call, custom }
    const added = toolCallItem(item.id, call, this.enc.tools, 'in_progress')
    return sse + this.openItem(item, custom ? { ...added, input: '' } : added)
  }

  private toolDelta(event: Extract<ChatEvent, { type: 'tool-call-delta' }>): string {
    const item = this.open.find((o): o is Extract<Open, { kind: 'call' }> => o.kind === 'call' && o.key === event.index)
    if (item === undefined) return ''
    item.call.arguments += event.argsDelta
    // A custom tool's text input is whole only once its JSON arguments are: sent at the close.
    if (item.custom) return ''
    return this.frame('response.function_call_arguments.delta', { delta: event.argsDelta, item_id: item.id, output_index: item.index })
  }

  private finish(event: Extract<ChatEvent, { type: 'finish' }>): string {
    const sse = this.start() + this.close(false)
    const { status, incompleteReason } = endOf(event.reason)
    const usage = this.usage === undefined ? null : responsesUsage(this.usage)
    const end = (output: readonly JsonObject[]) => ({ output, usage, ...(incompleteReason === undefined ? {} : { incompleteReason }) })
    this.enc.onFinished?.(responseObject(this.shell(), status, end(this.stored)))
    return sse + this.frame(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: responseObject(this.shell(), status, end(this.wireItems())) })
  }
}

type Frame = (type: string, fields: JsonObject) => string

function partObject(part: Part): JsonObject {
  return part.type === 'text' ? outputTextPart(part.text) : refusalPart(part.text)
}

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
