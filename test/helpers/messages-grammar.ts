/**
 * The grammar of Anthropic's Messages stream, as the recorded streams follow it
 * (fixtures/anthropic/*.sse, fixtures/anthropic-messages/*.sse; SOURCES.md "Stream shape"):
 *
 *   message_start ping* ( content_block_start (content_block_delta | ping)* content_block_stop ping* )* message_delta ping* message_stop
 *
 * with `event:` equal to the payload's `type`, block indexes 0, 1, 2… in order, each delta of
 * its block's kind (text_delta in text, thinking_delta and then exactly one signature_delta in
 * thinking, input_json_delta in tool_use, none in redacted_thinking), and `message_delta`
 * carrying the stop reason and the usage.
 */
import assert from 'node:assert/strict'

export interface SseEvent {
  event: string
  data: Record<string, unknown>
}

/** SSE text → events (each `event:` line with its JSON data). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = []
  for (const frame of text.split(/\r?\n\r?\n/)) {
    if (frame.trim() === '') continue
    let event = ''
    let data = ''
    for (const line of frame.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim()
      else if (line.startsWith('data:')) data += line.slice(5).trimStart()
    }
    events.push({ event, data: JSON.parse(data) as Record<string, unknown> })
  }
  return events
}

const DELTAS: Readonly<Record<string, readonly string[]>> = {
  text: ['text_delta', 'citations_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
  redacted_thinking: [],
}

export function assertMessagesGrammar(events: readonly SseEvent[], label = 'stream'): void {
  const seq = events.filter((e) => e.event !== 'ping')
  for (const e of events) assert.equal(e.data.type, e.event, `${label}: event name equals data.type`)
  assert.equal(seq[0]?.event, 'message_start', `${label}: starts with message_start`)
  assert.deepEqual(seq.slice(-2).map((e) => e.event), ['message_delta', 'message_stop'], `${label}: ends with message_delta, message_stop`)
  let i = 1
  let expected = 0
  while (seq[i]?.event === 'content_block_start') {
    const start = seq[i]!
    assert.equal(start.data.index, expected, `${label}: block ${expected} in order`)
    const kind = String((start.data.content_block as { type: string }).type)
    const allowed = DELTAS[kind]
    assert.ok(allowed !== undefined, `${label}: known block type ${kind}`)
    const deltas: string[] = []
    i++
    while (seq[i]?.event === 'content_block_delta') {
      assert.equal(seq[i]!.data.index, expected, `${label}: delta of block ${expected}`)
      const type = String((seq[i]!.data.delta as { type: string }).type)
      assert.ok(allowed.includes(type), `${label}: ${type} inside a ${kind} block`)
      deltas.push(type)
      i++
    }
    if (kind === 'thinking') {
      assert.equal(deltas.filter((d) => d === 'signature_delta').length, 1, `${label}: one signature per thinking block`)
      assert.equal(deltas.at(-1), 'signature_delta', `${label}: the signature ends its thinking block`)
    }
    assert.equal(seq[i]?.event, 'content_block_stop', `${label}: block ${expected} is closed`)
    assert.equal(seq[i]!.data.index, expected)
    i++
    expected++
  }
  assert.equal(i, seq.length - 2, `${label}: nothing but blocks between message_start and message_delta (got ${seq[i]?.event})`)
  const delta = seq.at(-2)!.data
  assert.equal(typeof (delta.delta as { stop_reason: unknown }).stop_reason, 'string', `${label}: message_delta has a stop reason`)
  assert.equal(typeof (delta.usage as { output_tokens: unknown }).output_tokens, 'number', `${label}: message_delta has the usage`)
}
