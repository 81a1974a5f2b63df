/**
 * The grammar of a Responses API event stream, as OpenAI's recorded streams follow it
 * (../shared/fixtures/openai-responses): checked on the recordings themselves (so the checker is
 * right) and on the streams the gateway writes when it translates (so they are). Ids, timings
 * and `obfuscation` padding are not compared; structure, numbering and accumulated values are.
 */
import assert from 'node:assert/strict'

export interface ResponsesEvent {
  /** The SSE `event:` name, when the frame had one. */
  event?: string
  data: Record<string, unknown>
}

/** SSE text → events (one `data:` line per frame, as the API sends them). */
export function parseResponsesSse(text: string): ResponsesEvent[] {
  const out: ResponsesEvent[] = []
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined
    let data = ''
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim()
      else if (line.startsWith('data:')) data += line.slice(5).trimStart()
    }
    if (data === '' || data === '[DONE]') continue
    out.push(event === undefined ? { data: JSON.parse(data) as Record<string, unknown> } : { event, data: JSON.parse(data) as Record<string, unknown> })
  }
  return out
}

interface OpenItem {
  id: string
  type: string
  done: boolean
  parts: { type: string; text: string; done: boolean }[]
  summaries: { text: string; done: boolean }[]
  args: string
}

export interface StreamSummary {
  terminal: string
  output: Record<string, unknown>[]
  text: string
  calls: { id: string; callId: string; name: string; arguments: string }[]
  reasoning: string[]
  usage: unknown
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** Checks one response's events (throws an AssertionError naming the event at fault) and sums them up. */
export function checkResponsesGrammar(events: readonly ResponsesEvent[], opts: { sequenceNumbers: boolean }): StreamSummary {
  assert.ok(events.length >= 2, 'a stream has at least response.created and a terminal event')
  const items: OpenItem[] = []
  let responseId: string | undefined
  let terminal: string | undefined
  events.forEach(({ event, data }, i) => {
    const type = str(data.type)
    const at = `event ${i} (${type})`
    assert.ok(terminal === undefined, `${at} comes after the terminal ${terminal}`)
    if (event !== undefined) assert.equal(event, type, `${at}: the event line names the data's type`)
    if (opts.sequenceNumbers) assert.equal(data.sequence_number, i, `${at}: sequence_number counts from 0 without gaps`)
    if (i === 0) assert.equal(type, 'response.created', 'the first event is response.created')
    if (type === 'response.created' || type === 'response.in_progress' || type === 'response.queued') {
      const id = str(obj(data.response).id)
      responseId ??= id
      assert.equal(id, responseId, `${at}: one response id throughout`)
      return
    }
    if (['response.completed', 'response.incomplete', 'response.failed'].includes(type)) {
      terminal = type
      checkTerminal(type, obj(data.response), items, responseId, at)
      return
    }
    if (type === 'error') {
      assert.equal(str(events[i + 1]?.data.type), 'response.failed', `${at}: an error is followed by response.failed`)
      return
    }
    checkItemEvent(type, data, items, at)
  })
  assert.ok(terminal !== undefined, 'the stream ends with response.completed, response.incomplete or response.failed')
  return summarise(terminal, obj(events.at(-1)!.data.response), items)
}

function checkItemEvent(type: string, data: Record<string, unknown>, items: OpenItem[], at: string): void {
  if (type === 'response.output_item.added') {
    assert.equal(data.output_index, items.length, `${at}: output_index counts the items from 0`)
    const item = obj(data.item)
    assert.ok(str(item.id) !== '', `${at}: the item has an id`)
    items.push({ id: str(item.id), type: str(item.type), done: false, parts: [], summaries: [], args: str(item.arguments) })
    return
  }
  const index = typeof data.output_index === 'number' ? data.output_index : -1
  const item = items[index]
  assert.ok(item !== undefined && !item.done, `${at}: output_index ${index} names an open item`)
  if (data.item_id !== undefined) assert.equal(data.item_id, item.id, `${at}: item_id is the item's id (fc_…, not the call id)`)
  if (type === 'response.output_item.done') {
    const done = obj(data.item)
    assert.equal(done.id, item.id, `${at}: the done item is the added one`)
    assert.ok(item.parts.every((p) => p.done) && item.summaries.every((s) => s.done), `${at}: its parts are done first`)
    if (item.type === 'function_call') {
      assert.equal(done.arguments, item.args, `${at}: the arguments are the deltas joined`)
      assert.ok(str(done.call_id) !== '' && done.call_id !== done.id, `${at}: a function call has a call_id besides its item id`)
    }
    item.done = true
    return
  }
  checkPartEvent(type, data, item, at)
}

function checkPartEvent(type: string, data: Record<string, unknown>, item: OpenItem, at: string): void {
  const content = typeof data.content_index === 'number' ? data.content_index : -1
  const summary = typeof data.summary_index === 'number' ? data.summary_index : -1
  switch (type) {
    case 'response.content_part.added':
      assert.equal(content, item.parts.length, `${at}: content_index counts the parts from 0`)
      item.parts.push({ type: str(obj(data.part).type), text: '', done: false })
      return
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      openPart(item, content, at).text += str(data.delta)
      return
    case 'response.output_text.done':
      assert.equal(data.text, openPart(item, content, at).text, `${at}: the text is the deltas joined`)
      return
    case 'response.refusal.done':
      assert.equal(data.refusal, openPart(item, content, at).text, `${at}: the refusal is the deltas joined`)
      return
    case 'response.content_part.done':
      openPart(item, content, at).done = true
      return
    case 'response.reasoning_summary_part.added':
      assert.equal(summary, item.summaries.length, `${at}: summary_index counts the parts from 0`)
      item.summaries.push({ text: '', done: false })
      return
    case 'response.reasoning_summary_text.delta':
      openSummary(item, summary, at).text += str(data.delta)
      return
    case 'response.reasoning_summary_text.done':
      assert.equal(data.text, openSummary(item, summary, at).text, `${at}: the summary is the deltas joined`)
      return
    case 'response.reasoning_summary_part.done':
      openSummary(item, summary, at).done = true
      return
    case 'response.function_call_arguments.delta':
      item.args += str(data.delta)
      return
    case 'response.function_call_arguments.done':
      assert.equal(data.arguments, item.args, `${at}: the arguments are the deltas joined`)
      return
    default:
      return // events of hosted tools, annotations, …: they name an open item, nothing more to check
  }
}

function openPart(item: OpenItem, index: number, at: string): OpenItem['parts'][number] {
  const part = item.parts[index]
  assert.ok(part !== undefined && !part.done, `${at}: content_index ${index} names an open part`)
  return part
}

function openSummary(item: OpenItem, index: number, at: string): OpenItem['summaries'][number] {
  const part = item.summaries[index]
  assert.ok(part !== undefined && !part.done, `${at}: summary_index ${index} names an open summary part`)
  return part
}

function checkTerminal(type: string, response: Record<string, unknown>, items: OpenItem[], id: string | undefined, at: string): void {
  assert.equal(response.id, id, `${at}: the same response id`)
  const expected = { 'response.completed': 'completed', 'response.incomplete': 'incomplete', 'response.failed': 'failed' }[type]
  assert.equal(response.status, expected, `${at}: status ${String(expected)}`)
  if (type === 'response.failed') return
  assert.ok(items.every((item) => item.done), `${at}: every item is done before the response is`)
  const output = Array.isArray(response.output) ? response.output.map(obj) : []
  assert.deepEqual(output.map((o) => o.id), items.map((item) => item.id), `${at}: the output lists the items streamed, in order`)
  assert.ok(typeof obj(response.usage).input_tokens === 'number', `${at}: usage comes with the terminal event`)
}

function summarise(terminal: string, response: Record<string, unknown>, items: OpenItem[]): StreamSummary {
  const output = Array.isArray(response.output) ? response.output.map(obj) : []
  const calls = output.filter((o) => o.type === 'function_call').map((o) => ({ id: str(o.id), callId: str(o.call_id), name: str(o.name), arguments: str(o.arguments) }))
  const text = items.flatMap((item) => item.parts.filter((p) => p.type === 'output_text').map((p) => p.text)).join('')
  const reasoning = items.flatMap((item) => item.summaries.map((s) => s.text))
  return { terminal, output, text, calls, reasoning, usage: response.usage }
}

/** Events of several responses back to back (a recorded agent loop) → one list per response. */
export function splitResponses(events: readonly ResponsesEvent[]): ResponsesEvent[][] {
  const out: ResponsesEvent[][] = []
  for (const e of events) {
    if (e.data.type === 'response.created' || out.length === 0) out.push([])
    out.at(-1)!.push(e)
  }
  return out
}
