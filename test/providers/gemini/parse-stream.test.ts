import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'
import { decodeSse } from '../../../src/streaming/decode-sse.js'
import type { ChatEvent, ToolCall } from '../../../src/canonical/chat.js'
import type { Frame } from '../../../src/streaming/frame.js'
import { chunksOf, collect, fixtureBytes, fixtureJson, fixtureText } from '../../helpers/fixtures.js'
import { geminiContext } from './context.js'

async function eventsFromBytes(chunks: Uint8Array[]): Promise<ChatEvent[]> {
  return collect(geminiAdapter.parseStream(decodeSse(chunksOf(...chunks)), geminiContext()))
}

async function* framesOf(frames: Frame[]): AsyncGenerator<Frame> {
  yield* frames
}

/** Tool call ids are random: check their form, then blank them so runs compare equal. */
function normalized(events: ChatEvent[]): ChatEvent[] {
  return events.map((e) => {
    if (e.type !== 'tool-call-start') return e
    assert.match(e.id, /^call_[A-Za-z0-9]+_\d+$/)
    return { ...e, id: 'ID' }
  })
}

/** What a client would assemble from a stream. */
function assemble(events: ChatEvent[]): { text: string | null; toolCalls: Array<Omit<ToolCall, 'id'>>; finish?: string } {
  let text = ''
  const calls: Array<Omit<ToolCall, 'id'>> = []
  let finish: string | undefined
  for (const e of events) {
    if (e.type === 'text') text += e.delta
    if (e.type === 'tool-call-start') calls[e.index] = { name: e.name, arguments: '' }
    if (e.type === 'tool-call-delta') calls[e.index].arguments += e.argsDelta
    if (e.type === 'finish') finish = e.reason
  }
  return { text: text === '' ? null : text, toolCalls: calls, finish }
}

/** A whole recording's events (how it is cut is the decoder's business: test/streaming/). */
async function recordedEvents(file: string): Promise<ChatEvent[]> {
  return normalized(await eventsFromBytes([fixtureBytes('gemini', file)]))
}

test('stream-generate-content.sse: text deltas, last usage, finish', async () => {
  const events = await recordedEvents('stream-generate-content.sse')
  assert.deepEqual(events, [
    { type: 'start', id: 'ibRCaOfLGfuQ1PIPqNma8Aw', upstreamModel: 'gemini-2.0-flash' },
    { type: 'text', delta: 'Here' },
    { type: 'text', delta: ' you go:\n\nEnglish: potato\nSpanish: patata\nFrench: pom' },
    { type: 'text', delta: 'me de terre\nGerman: Kartoffel\nItalian: patata\nJapanese: ジャ' },
    { type: 'text', delta: "ガイモ (jagaimo)\nRussian: картофель (kartofel')\n" },
    { type: 'usage', usage: { promptTokens: 10, completionTokens: 49, totalTokens: 59 } },
    { type: 'finish', reason: 'stop', raw: 'STOP' },
  ])
})

test('the same stream with \\r\\n\\r\\n separators gives the same events', async () => {
  const crlf = Buffer.from(fixtureText('gemini', 'stream-generate-content.sse').replace(/\n/g, '\r\n'))
  const lf = await eventsFromBytes([fixtureBytes('gemini', 'stream-generate-content.sse')])
  assert.deepEqual(await eventsFromBytes([crlf]), lf)
})

test('stream-generate-content-thought-signature.sse: the empty final text part emits nothing', async () => {
  const events = await recordedEvents('stream-generate-content-thought-signature.sse')
  assert.deepEqual(events, [
    { type: 'start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', upstreamModel: 'gemini-3-pro-preview' },
    { type: 'text', delta: 'There are **3**' },
    { type: 'text', delta: ' "r"s in strawberry.\n\nst**r**awbe**rr**y' },
    { type: 'usage', usage: { promptTokens: 9, completionTokens: 208, totalTokens: 217, reasoningTokens: 185 } },
    { type: 'finish', reason: 'stop', raw: 'STOP' },
  ])
})

test('stream-generate-content-function-call.sse: one whole call, finish tool_calls', async () => {
  const events = await recordedEvents('stream-generate-content-function-call.sse')
  assert.deepEqual(events, [
    { type: 'start', id: 'b36LacjwM668nsEP2tbsgQQ', upstreamModel: 'gemini-3-pro-preview' },
    {
      type: 'tool-call-start',
      index: 0,
      id: 'ID',
      name: 'weather',
      providerMetadata: {
        thoughtSignature:
          'EqUCCqICAb4+9vsh8Pd5taZVoPzSvjWWwzBrvhEQWBLCGa7IdY8FBMm7Z6dCKFU3Ft0la15gF7RaHe1NlPRygQec0bFwPDfMwGcUOMNiJiNIKxusCs4ejCZRuouNYQ4etEIt7CujEUHiILLfZXSJZYhs4UCrD2bLqPq0sE0lWgYJnzHkkKUOnMsA2hKffAhtF4DWn5INYj8pPssvch/2VpDFW2F9XSE04zLDzkIWF2eztJX50Y0lTehRZC3FW7fOrXCzGx+PwdataD6eXlF5O1zn+86XtmktOs2DEp4o1PMvXFFAXe8GGvPt8Idf3UtHMq7AsapwMW9sjiKj+FJk54m+9LMTSaj7C86smfvoQryYBEHTVazr1bEnpl4bPG5JUtm2yAMkHj4=',
      },
    },
    { type: 'tool-call-delta', index: 0, argsDelta: '{"location":"San Francisco"}' },
    { type: 'usage', usage: { promptTokens: 29, completionTokens: 60, totalTokens: 89, reasoningTokens: 45 } },
    { type: 'finish', reason: 'tool_calls', raw: 'STOP' },
  ])
})

test('stream and non-stream answers to the same tool-call exchange agree', async () => {
  const streamed = assemble(await eventsFromBytes([fixtureBytes('gemini', 'stream-generate-content-function-call.sse')]))
  const whole = geminiAdapter.parseResponse(fixtureJson('gemini', 'generate-content-response-function-call.json'), geminiContext())
  assert.deepEqual(streamed, {
    text: whole.text,
    toolCalls: whole.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args })),
    finish: whole.finish,
  })
})

test('the text stream and text answer (separate samples of one prompt) both finish with stop', async () => {
  const streamed = assemble(await eventsFromBytes([fixtureBytes('gemini', 'stream-generate-content-thought-signature.sse')]))
  const whole = geminiAdapter.parseResponse(fixtureJson('gemini', 'generate-content-response-text.json'), geminiContext())
  assert.equal(streamed.finish, whole.finish)
  assert.deepEqual(streamed.toolCalls, whole.toolCalls)
  assert.match(streamed.text ?? '', /^There are \*\*3\*\*/)
  assert.match(whole.text ?? '', /^There are \*\*3\*\*/)
})

test('Vertex partialArgs: streamed arguments are reassembled, one call per name part', async () => {
  const frames = fixtureText('gemini', 'stream-function-call-partial-args.jsonl')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((data) => ({ data }))
  const events = normalized(await collect(geminiAdapter.parseStream(framesOf(frames), geminiContext())))
  const firstLine = JSON.parse(frames[0].data) as { candidates: Array<{ content: { parts: Array<{ thoughtSignature: string }> } }> }
  assert.deepEqual(events, [
    { type: 'start', id: 'dqHOab6xGLzWodAPkPuViA4', upstreamModel: 'gemini-3.1-pro-preview' },
    {
      type: 'tool-call-start',
      index: 0,
      id: 'ID',
      name: 'getWeather',
      providerMetadata: { thoughtSignature: firstLine.candidates[0].content.parts[0].thoughtSignature },
    },
    { type: 'tool-call-delta', index: 0, argsDelta: '{"location":"Boston"}' },
    { type: 'tool-call-start', index: 1, id: 'ID', name: 'getWeather' },
    { type: 'tool-call-delta', index: 1, argsDelta: '{"location":"San Francisco"}' },
    { type: 'usage', usage: { promptTokens: 26, completionTokens: 155, totalTokens: 181, reasoningTokens: 132 } },
    { type: 'finish', reason: 'tool_calls', raw: 'STOP' },
  ])
})

test('partialArgs of every JSON type and nested paths', async () => {
  const chunk = (functionCall: unknown, finishReason?: string) =>
    ({ data: JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ functionCall }] }, ...(finishReason ? { finishReason } : {}) }] }) })
  const frames = [
    chunk({ name: 'book', willContinue: true }),
    chunk({ partialArgs: [{ jsonPath: '$.trip.city', stringValue: 'New ', willContinue: true }, { jsonPath: '$.nights', numberValue: 3 }], willContinue: true }),
    chunk({ partialArgs: [{ jsonPath: '$.trip.city', stringValue: 'York' }, { jsonPath: "$['late checkout']", boolValue: true }], willContinue: true }),
    chunk({ partialArgs: [{ jsonPath: '$.guests[0]', stringValue: 'Ann' }, { jsonPath: '$.notes', nullValue: 'NULL_VALUE' }], willContinue: true }),
    chunk({}, 'STOP'),
  ]
  const events = await collect(geminiAdapter.parseStream(framesOf(frames), geminiContext()))
  const delta = events.find((e) => e.type === 'tool-call-delta')
  assert.deepEqual(delta && JSON.parse(delta.argsDelta), { trip: { city: 'New York' }, nights: 3, 'late checkout': true, guests: ['Ann'], notes: null })
})

const firstChunk = 'data: {"candidates": [{"content": {"parts": [{"text": "Here"}],"role": "model"}}],"modelVersion": "gemini-2.0-flash","responseId": "r1"}\n\n'

test('a raw pretty-printed {"error": …} mid-stream becomes one error event', async () => {
  const raw = `${firstChunk}{\n  "error": {\n    "code": 503,\n    "message": "The model is overloaded. Please try again later.",\n    "status": "UNAVAILABLE"\n  }\n}\n`
  const bytes = Buffer.from(raw)
  const expected = (events: ChatEvent[]) => {
    assert.deepEqual(events.slice(0, 2), [
      { type: 'start', id: 'r1', upstreamModel: 'gemini-2.0-flash' },
      { type: 'text', delta: 'Here' },
    ])
    assert.equal(events.length, 3)
    const last = events[2]
    assert.ok(last.type === 'error')
    assert.equal(last.error.kind, 'unavailable')
    assert.match(last.error.message, /The model is overloaded/)
  }
  expected(await eventsFromBytes([bytes]))
})

test('a data: chunk holding a quota error becomes rate_limited with the retry delay', async () => {
  const body = JSON.stringify(fixtureJson('gemini', 'error-429-resource-exhausted.json'))
  const events = await eventsFromBytes([Buffer.from(`${firstChunk}data: ${body}\n\n`)])
  const last = events[events.length - 1]
  assert.ok(last.type === 'error')
  assert.equal(last.error.kind, 'rate_limited')
  assert.equal(last.error.detail.retryAfterSeconds, 34.4)
})

test('a blocked prompt in a stream is a content_filter error and nothing else', async () => {
  const events = await eventsFromBytes([
    Buffer.from('data: {"promptFeedback": {"blockReason": "SAFETY"},"usageMetadata": {"promptTokenCount": 7,"totalTokenCount": 7}}\n\n'),
  ])
  assert.equal(events.length, 1)
  assert.ok(events[0].type === 'error')
  assert.equal(events[0].error.kind, 'content_filter')
})

test('MALFORMED_FUNCTION_CALL in a stream ends with an upstream_error event', async () => {
  const events = await eventsFromBytes([
    Buffer.from('data: {"candidates": [{"finishReason": "MALFORMED_FUNCTION_CALL"}],"usageMetadata": {"promptTokenCount": 5,"totalTokenCount": 5}}\n\n'),
  ])
  assert.deepEqual(events.map((e) => e.type), ['start', 'usage', 'error'])
  const last = events[2]
  assert.ok(last.type === 'error')
  assert.equal(last.error.kind, 'upstream_error')
})

test('a stream cut before its finish reason ends with an upstream_error event', async () => {
  const events = await eventsFromBytes([Buffer.from(firstChunk)])
  assert.deepEqual(events.map((e) => e.type), ['start', 'text', 'error'])
  const last = events[2]
  assert.ok(last.type === 'error')
  assert.equal(last.error.kind, 'upstream_error')
  assert.match(last.error.message, /without a finish reason/)
})

test('a truncated data: payload is reported, not thrown', async () => {
  const events = await eventsFromBytes([Buffer.from('data: {"candidates": [{"content": {"parts": [{"te')])
  assert.equal(events.length, 1)
  assert.ok(events[0].type === 'error')
  assert.equal(events[0].error.kind, 'upstream_error')
})

test('a one-line raw error array (the non-SSE error form) is read too', async () => {
  const events = await eventsFromBytes([
    Buffer.from(`${firstChunk}[{"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}}]\n`),
  ])
  const last = events[events.length - 1]
  assert.ok(last.type === 'error')
  assert.equal(last.error.kind, 'upstream_error')
  assert.equal(last.error.message, "Provider 'google-ai' failed (500 INTERNAL): An internal error has occurred.")
})
