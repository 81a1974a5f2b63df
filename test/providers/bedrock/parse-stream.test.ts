import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bedrockAdapter } from '../../../src/providers/bedrock/index.js'
import { decodeAwsEventStream } from '../../../src/streaming/decode-aws-eventstream.js'
import type { ChatEvent, ToolCall } from '../../../src/canonical/chat.js'
import type { Frame } from '../../../src/streaming/frame.js'
import { chunksOf, collect, fixtureBytes, fixtureJson, fixtureText } from '../../helpers/fixtures.js'
import { bedrockContext } from './context.js'

async function eventsFromBytes(chunks: Uint8Array[]): Promise<ChatEvent[]> {
  return collect(bedrockAdapter.parseStream(decodeAwsEventStream(chunksOf(...chunks)), bedrockContext()))
}

async function* framesOf(frames: Frame[]): AsyncGenerator<Frame> {
  yield* frames
}

/** What a client would assemble from a stream. */
function assemble(events: ChatEvent[]): { text: string | null; reasoning: string; toolCalls: ToolCall[]; finish?: string } {
  let text = ''
  let reasoning = ''
  const toolCalls: ToolCall[] = []
  let finish: string | undefined
  for (const e of events) {
    if (e.type === 'text') text += e.delta
    if (e.type === 'reasoning') reasoning += e.delta
    if (e.type === 'tool-call-start') toolCalls[e.index] = { id: e.id, name: e.name, arguments: '' }
    if (e.type === 'tool-call-delta') toolCalls[e.index].arguments += e.argsDelta
    if (e.type === 'finish') finish = e.reason
  }
  return { text: text === '' ? null : text, reasoning, toolCalls, finish }
}

/** A whole recording's events (how it is cut is the decoder's business: test/streaming/). */
function recordedEvents(name: string): Promise<ChatEvent[]> {
  return eventsFromBytes([fixtureBytes('bedrock', `${name}.eventstream`)])
}

/** The recorded text deltas of a decoded transcript, in order. */
function recordedTexts(name: string): string[] {
  return fixtureText('bedrock', `${name}.decoded.jsonl`)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { payload: { delta?: { text?: string } } })
    .flatMap((l) => (l.payload.delta?.text === undefined ? [] : [l.payload.delta.text]))
}

test('converse-stream-text: text deltas, then usage from metadata, then finish', async () => {
  const events = await recordedEvents('converse-stream-text')
  const texts = recordedTexts('converse-stream-text')
  assert.equal(texts.length, 21)
  assert.deepEqual(events, [
    { type: 'start' },
    ...texts.map((delta) => ({ type: 'text', delta })),
    { type: 'usage', usage: { promptTokens: 11, completionTokens: 60, totalTokens: 71 } },
    { type: 'finish', reason: 'stop', raw: 'end_turn' },
  ])
  assert.equal(
    assemble(events).text,
    "I am an AI assistant called Claude. I was created by Anthropic to be helpful, harmless, and honest. I don't have a physical body or avatar - I'm a language model trained to engage in conversation and help with tasks. How can I assist you today?",
  )
})

test('converse-stream-tool-use: a text block, then a tool whose input comes in fragments', async () => {
  const events = await recordedEvents('converse-stream-tool-use')
  assert.deepEqual(events.slice(-6), [
    { type: 'tool-call-start', index: 0, id: 'tooluse_XXY4prZmT6K90Vao7_3Wsg', name: 'weather' },
    { type: 'tool-call-delta', index: 0, argsDelta: '{"ci' },
    { type: 'tool-call-delta', index: 0, argsDelta: 'ty": "Det' },
    { type: 'tool-call-delta', index: 0, argsDelta: 'roit"}' },
    { type: 'usage', usage: { promptTokens: 442, completionTokens: 72, totalTokens: 514 } },
    { type: 'finish', reason: 'tool_calls', raw: 'tool_use' },
  ])
  const assembled = assemble(events)
  assert.equal(
    assembled.text,
    "To answer your question about the weather in Detroit today, I'll need to use the weather function to get the current conditions. Let me do that for you.",
  )
  assert.deepEqual(assembled.toolCalls, [{ id: 'tooluse_XXY4prZmT6K90Vao7_3Wsg', name: 'weather', arguments: '{"city": "Detroit"}' }])
})

test('converse-stream-parallel-tool-use: two tools from block indexes 1 and 2 become tool calls 0 and 1', async () => {
  const events = await recordedEvents('converse-stream-parallel-tool-use')
  const assembled = assemble(events)
  assert.deepEqual(assembled.toolCalls, [
    { id: 'tooluse_ZHrmQsNHQYaNTKwatEbdEA', name: 'weather', arguments: '{"city":"Detroit"}' },
    { id: 'tooluse_bQZW_jxXS9O3ttUOffaRvg', name: 'search', arguments: '{"query":"Detroit Tigers game tonight schedule"}' },
  ])
  assert.equal(assembled.finish, 'tool_calls')
  assert.equal(assembled.text, recordedTexts('converse-stream-parallel-tool-use').join(''))
  assert.deepEqual(events.slice(-2), [
    { type: 'usage', usage: { promptTokens: 473, completionTokens: 118, totalTokens: 591 } },
    { type: 'finish', reason: 'tool_calls', raw: 'tool_use' },
  ])
})

test('converse-stream-model-stream-error: text, then the exception as an error event', async () => {
  const events = await recordedEvents('converse-stream-model-stream-error')
  const texts = recordedTexts('converse-stream-model-stream-error')
  assert.deepEqual(events.slice(0, -1), [{ type: 'start' }, ...texts.map((delta) => ({ type: 'text', delta }))])
  const last = events[events.length - 1]
  assert.ok(last.type === 'error')
  assert.equal(last.error.kind, 'upstream_error')
  assert.equal(last.error.retryable, true)
  assert.equal(
    last.error.message,
    "Provider 'aws' failed (modelStreamErrorException): Model produced invalid sequence as part of ToolUse. Please refer to the model tool use troubleshooting guide.",
  )
})

/** The SDK-level transcripts (`{"<eventType>": payload}` per line) as wire frames. */
function sdkFrames(file: string): Frame[] {
  return fixtureText('bedrock', file)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [[event, payload]] = Object.entries(JSON.parse(l) as Record<string, unknown>)
      return { event, data: JSON.stringify(payload) }
    })
}

test('reasoning stream: reasoning deltas, then the answer; agrees with the non-streaming answer', async () => {
  const events = await collect(bedrockAdapter.parseStream(framesOf(sdkFrames('converse-stream-reasoning.sdk-events.jsonl')), bedrockContext()))
  const streamed = assemble(events)
  assert.equal(
    streamed.reasoning,
    'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nr appears at positions 3, 8, and 9.\n\nSo there are 3 r\'s.',
  )
  const whole = bedrockAdapter.parseResponse(fixtureJson('bedrock', 'converse-response-reasoning.json'), bedrockContext())
  assert.equal(streamed.text, whole.text)
  assert.deepEqual(streamed.toolCalls, whole.toolCalls)
  assert.equal(streamed.finish, whole.finish)
  assert.deepEqual(events.slice(-2), [
    { type: 'usage', usage: { promptTokens: 51, completionTokens: 94, totalTokens: 145 } },
    { type: 'finish', reason: 'stop', raw: 'end_turn' },
  ])
})

test('text stream and text answer (separate samples of one prompt) agree on finish and tool calls', async () => {
  const streamed = assemble(await collect(bedrockAdapter.parseStream(framesOf(sdkFrames('converse-stream-text.sdk-events.jsonl')), bedrockContext())))
  const whole = bedrockAdapter.parseResponse(fixtureJson('bedrock', 'converse-response-text.json'), bedrockContext())
  assert.equal(streamed.finish, whole.finish)
  assert.deepEqual(streamed.toolCalls, whole.toolCalls)
  assert.match(streamed.text ?? '', /^Let me count the "r"s in "strawberry":/)
})

test('tool-use stream and tool-use answer agree on the call and the finish', async () => {
  const streamed = assemble(await eventsFromBytes([fixtureBytes('bedrock', 'converse-stream-tool-use.eventstream')]))
  const whole = bedrockAdapter.parseResponse(fixtureJson('bedrock', 'converse-response-tool-use.json'), bedrockContext())
  assert.equal(streamed.finish, whole.finish)
  assert.deepEqual(
    streamed.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)]),
    whole.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)]),
  )
})

test('a tool that streams only "" gets {} as its arguments', async () => {
  const frames: Frame[] = [
    { event: 'messageStart', data: '{"role":"assistant","p":"ab"}' },
    { event: 'contentBlockStart', data: '{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1","name":"now"}}}' },
    { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"toolUse":{"input":""}}}' },
    { event: 'contentBlockStop', data: '{"contentBlockIndex":0}' },
    { event: 'messageStop', data: '{"stopReason":"tool_use"}' },
  ]
  const events = await collect(bedrockAdapter.parseStream(framesOf(frames), bedrockContext()))
  assert.deepEqual(events, [
    { type: 'start' },
    { type: 'tool-call-start', index: 0, id: 't1', name: 'now' },
    { type: 'tool-call-delta', index: 0, argsDelta: '{}' },
    { type: 'finish', reason: 'tool_calls', raw: 'tool_use' },
  ])
})

test('throttling and validation exceptions map by type', async () => {
  for (const [exceptionType, kind] of [
    ['throttlingException', 'rate_limited'],
    ['serviceUnavailableException', 'unavailable'],
    ['validationException', 'invalid_request'],
    ['internalServerException', 'upstream_error'],
  ] as const) {
    const frames: Frame[] = [{ event: 'exception', exceptionType, data: '{"message":"nope"}' }]
    const events = await collect(bedrockAdapter.parseStream(framesOf(frames), bedrockContext()))
    assert.equal(events.length, 1)
    assert.ok(events[0].type === 'error')
    assert.equal(events[0].error.kind, kind, exceptionType)
  }
})

test('a stream that ends before messageStop ends with an error event', async () => {
  const frames: Frame[] = [
    { event: 'messageStart', data: '{"role":"assistant"}' },
    { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"Hi"}}' },
  ]
  const events = await collect(bedrockAdapter.parseStream(framesOf(frames), bedrockContext()))
  assert.deepEqual(events.map((e) => e.type), ['start', 'text', 'error'])
})
