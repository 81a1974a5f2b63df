import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent } from '../../../src/canonical/chat.js'
import { ollamaAdapter } from '../../../src/providers/ollama/index.js'
import { decodeNdjson } from '../../../src/streaming/decode-ndjson.js'
import { chunksOf, collect, fixtureBytes, fixtureJson, fixtureText } from '../../helpers/fixtures.js'
import { fold, ollamaCtx } from './helpers.js'

const ctx = ollamaCtx()
const encoder = new TextEncoder()

async function eventsOf(chunks: Uint8Array[]): Promise<ChatEvent[]> {
  return collect(ollamaAdapter.parseStream(decodeNdjson(chunksOf(...chunks)), ctx))
}

/** Generated tool-call ids differ per run; compare everything else exactly. */
function comparable(events: ChatEvent[]): unknown[] {
  return events.map((e) => {
    if (e.type === 'error') return { type: 'error', kind: e.error.kind, message: e.error.message }
    if (e.type === 'tool-call-start') return { ...e, id: e.id.startsWith('call_') ? 'call_*' : e.id }
    return e
  })
}

/**
 * COMPOSED for this test: the first four lines of chat-stream.ndjson, then the mid-stream
 * error line of generate-stream-error.ndjson (docs/api/errors.mdx), as /api/chat sends it.
 */
function chatStreamWithError(): Uint8Array {
  const lines = fixtureText('ollama', 'chat-stream.ndjson').split('\n').slice(0, 4)
  const error = fixtureText('ollama', 'generate-stream-error.ndjson').trim().split('\n').at(-1) ?? ''
  return encoder.encode([...lines, error].join('\n') + '\n')
}

test('chat-stream.ndjson: exact events', async () => {
  const events = await eventsOf([fixtureBytes('ollama', 'chat-stream.ndjson')])
  assert.deepEqual(events, [
    { type: 'start', upstreamModel: 'llama3' },
    ...['The', ' second', ' planet', ' in', ' our', ' solar', ' system', ' is', ' Venus', '.'].map((delta) => ({ type: 'text', delta })),
    { type: 'finish', reason: 'stop', raw: 'stop' },
    { type: 'usage', usage: { promptTokens: 16, completionTokens: 11, totalTokens: 27 } },
  ])
})

test('chat-stream-tools.ndjson: a whole tool call, finish tool_calls', async () => {
  const events = await eventsOf([fixtureBytes('ollama', 'chat-stream-tools.ndjson')])
  assert.deepEqual(comparable(events), [
    { type: 'start', upstreamModel: 'llama3.2' },
    { type: 'tool-call-start', index: 0, id: 'call_*', name: 'get_weather' },
    { type: 'tool-call-delta', index: 0, argsDelta: '{"city":"Tokyo"}' },
    { type: 'finish', reason: 'tool_calls', raw: 'stop' },
    { type: 'usage', usage: { promptTokens: 169, completionTokens: 15, totalTokens: 184 } },
  ])
})

test('stream and non-stream answers to the same tools prompt agree (chat-stream-tools.ndjson / chat-response-tools.json)', async () => {
  const streamed = fold(await eventsOf([fixtureBytes('ollama', 'chat-stream-tools.ndjson')]))
  const whole = ollamaAdapter.parseResponse(fixtureJson('ollama', 'chat-response-tools.json'), ctx)
  assert.equal(streamed.text, whole.text ?? '')
  assert.equal(streamed.finish, whole.finish)
  assert.equal(streamed.rawFinish, whole.rawFinish)
  assert.deepEqual(
    streamed.toolCalls.map(({ name, arguments: args }) => ({ name, args })),
    whole.toolCalls.map(({ name, arguments: args }) => ({ name, args })),
  )
})

test('a mid-stream {"error"} line ends the stream with an error event after the text so far', async () => {
  const events = await eventsOf([chatStreamWithError()])
  const f = fold(events)
  assert.equal(f.text, 'The second planet in')
  assert.equal(f.finish, undefined)
  assert.deepEqual(f.usage, [])
  assert.equal(f.errors.length, 1)
  assert.equal(f.errors[0]?.kind, 'upstream_error')
  assert.equal(f.errors[0]?.message, 'local-ollama: an error was encountered while running the model')
  assert.equal(events.at(-1)?.type, 'error')
})

test('generate-stream-error.ndjson: the error line is reported', async () => {
  const f = fold(await eventsOf([fixtureBytes('ollama', 'generate-stream-error.ndjson')]))
  assert.equal(f.errors.length, 1)
  assert.equal(f.errors[0]?.message, 'local-ollama: an error was encountered while running the model')
})

test('a stream without a done line ends with "stream ended early"', async () => {
  const lines = fixtureText('ollama', 'chat-stream.ndjson').trim().split('\n')
  const events = await eventsOf([encoder.encode(lines.slice(0, -1).join('\n') + '\n')])
  const last = events.at(-1)
  assert.equal(last?.type, 'error')
  if (last?.type === 'error') {
    assert.equal(last.error.kind, 'upstream_error')
    assert.match(last.error.message, /^local-ollama: stream ended early/)
  }
  assert.equal(fold(events).text, 'The second planet in our solar system is Venus.')
})

test('thinking becomes reasoning; length; unique ids over several tool-call lines; missing prompt_eval_count → 0', async () => {
  const lines = [
    { model: 'qwen3', message: { role: 'assistant', content: '', thinking: 'Let me ' }, done: false },
    { model: 'qwen3', message: { role: 'assistant', content: '', thinking: 'see.' }, done: false },
    { model: 'qwen3', message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'a', arguments: {} } }] }, done: false },
    { model: 'qwen3', message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'b', arguments: { q: 'x' } } }] }, done: false },
    { model: 'qwen3', message: { role: 'assistant', content: 'ok' }, done: true, done_reason: 'length', eval_count: 12 },
  ]
  const f = fold(await eventsOf([encoder.encode(lines.map((l) => JSON.stringify(l)).join('\n'))]))
  assert.equal(f.reasoning, 'Let me see.')
  assert.equal(f.text, 'ok')
  assert.deepEqual(f.toolCalls.map((c) => [c.name, c.arguments]), [
    ['a', '{}'],
    ['b', '{"q":"x"}'],
  ])
  assert.notEqual(f.toolCalls[0]?.id, f.toolCalls[1]?.id)
  assert.equal(f.finish, 'length')
  assert.deepEqual(f.usage, [{ promptTokens: 0, completionTokens: 12, totalTokens: 12 }])
})

test('an unreadable line ends the stream with an upstream_error', async () => {
  const events = await eventsOf([encoder.encode('{"model":"x","message":{"content":"a"},"done":false}\n{"model":\n')])
  assert.equal(events.at(-1)?.type, 'error')
})
