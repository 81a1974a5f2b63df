import { test } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import type { ChatEvent } from '../../../src/canonical/chat.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { anthropicAdapter } from '../../../src/providers/anthropic/index.js'
import { decodeSse } from '../../../src/streaming/decode-sse.js'
import { chunksOf, collect, fixtureBytes } from '../../helpers/fixtures.js'
import { anthropicCtx, fold } from './helpers.js'

const ctx = anthropicCtx()
const encoder = new TextEncoder()

async function eventsOf(chunks: Uint8Array[]): Promise<ChatEvent[]> {
  return collect(anthropicAdapter.parseStream(decodeSse(chunksOf(...chunks)), ctx))
}

const STREAMS = [
  'messages-stream-text.sse',
  'messages-stream-tool-use.sse',
  'messages-stream-tool-use-with-pings.sse',
  'messages-stream-text-and-tool-use-padded.sse',
  'messages-stream-max-tokens-partial-tool-input.sse',
  'messages-stream-error-overloaded.sse',
]

test('messages-stream-text.sse: text, finish, one usage event at the end', async () => {
  const events = await eventsOf([fixtureBytes('anthropic', 'messages-stream-text.sse')])
  const f = fold(events)
  assert.deepEqual(f.start, { id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', upstreamModel: 'claude-sonnet-4-5-20250929' })
  assert.equal(f.text, "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?")
  assert.equal(f.reasoning, '')
  assert.deepEqual(f.toolCalls, [])
  assert.equal(f.finish, 'stop')
  assert.equal(f.rawFinish, 'end_turn')
  assert.deepEqual(f.usage, [{ promptTokens: 12, completionTokens: 30, totalTokens: 42, cachedPromptTokens: 0 }])
  assert.deepEqual(f.errors, [])
  assert.deepEqual(
    events.slice(-2).map((e) => e.type),
    ['finish', 'usage'],
  )
})

test('messages-stream-tool-use.sse: exact event sequence; tool index counts tool blocks only', async () => {
  const events = await eventsOf([fixtureBytes('anthropic', 'messages-stream-tool-use.sse')])
  assert.deepEqual(events, [
    { type: 'start', id: 'msg_019Q1hrJbZG26Fb9BQhrkHEr', upstreamModel: 'claude-sonnet-4-20250514' },
    { type: 'text', delta: 'I' },
    { type: 'text', delta: "'ll check the current weather in Paris for you." },
    { type: 'tool-call-start', index: 0, id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather' },
    { type: 'tool-call-delta', index: 0, argsDelta: '{"locati' },
    { type: 'tool-call-delta', index: 0, argsDelta: 'on": "P' },
    { type: 'tool-call-delta', index: 0, argsDelta: 'ar' },
    { type: 'tool-call-delta', index: 0, argsDelta: 'is"}' },
    { type: 'finish', reason: 'tool_calls', raw: 'tool_use' },
    { type: 'usage', usage: { promptTokens: 377, completionTokens: 65, totalTokens: 442, cachedPromptTokens: 0 } },
  ])
})

test('messages-stream-tool-use-with-pings.sse: pings anywhere are ignored', async () => {
  const f = fold(await eventsOf([fixtureBytes('anthropic', 'messages-stream-tool-use-with-pings.sse')]))
  assert.equal(f.text, '')
  assert.deepEqual(f.toolCalls, [{ id: 'toolu_019Zvehfe1XQWweT1pm7okyt', name: 'weather', arguments: '{"location": "San Francisco"}' }])
  assert.equal(f.finish, 'tool_calls')
  assert.deepEqual(f.usage, [{ promptTokens: 843, completionTokens: 28, totalTokens: 871, cachedPromptTokens: 0 }])
  assert.deepEqual(f.errors, [])
})

test('messages-stream-text-and-tool-use-padded.sse: whitespace-padded JSON parses', async () => {
  const f = fold(await eventsOf([fixtureBytes('anthropic', 'messages-stream-text-and-tool-use-padded.sse')]))
  assert.deepEqual(f.start, { id: 'msg_01LHXQM4FBxykQGT7N1a7kJ7', upstreamModel: 'claude-3-5-sonnet-20241022' })
  assert.equal(f.text, "I'll help you print 'hello world' to the console using the print function.")
  assert.deepEqual(f.toolCalls, [{ id: 'toolu_01RA76iwg1LbKuDjJnc6ym45', name: 'print', arguments: '{"message": "hello world"}' }])
  assert.equal(f.finish, 'tool_calls')
  assert.deepEqual(f.usage, [{ promptTokens: 408, completionTokens: 71, totalTokens: 479, cachedPromptTokens: 0 }])
})

test('messages-stream-max-tokens-partial-tool-input.sse: finish length, partial arguments passed on, no crash', async () => {
  const f = fold(await eventsOf([fixtureBytes('anthropic', 'messages-stream-max-tokens-partial-tool-input.sse')]))
  assert.equal(
    f.text,
    "I'll create a comprehensive tax guide for someone with multiple W2s and save it in a file called taxes.txt. Let me do that for you now.",
  )
  assert.deepEqual(f.toolCalls, [
    {
      id: 'toolu_01EKqbqmZrGRXy18eN7m9kvY',
      name: 'make_file',
      arguments:
        '{"filename": "taxes.txt", "lines_of_text": [\n"# COMPREHENSIVE TAX GUIDE FOR INDIVIDUALS WITH MULTIPLE W-2s",\n"",\n"## INTRODUCTION",\n"",\n"Filing taxes',
    },
  ])
  assert.equal(f.finish, 'length')
  assert.equal(f.rawFinish, 'max_tokens')
  assert.deepEqual(f.usage, [{ promptTokens: 450, completionTokens: 124, totalTokens: 574, cachedPromptTokens: 0 }])
  assert.deepEqual(f.errors, [])
})

test('messages-stream-error-overloaded.sse: text, then a retryable overloaded error, no finish', async () => {
  const events = await eventsOf([fixtureBytes('anthropic', 'messages-stream-error-overloaded.sse')])
  const f = fold(events)
  assert.equal(f.text, "I'll check the current weather in Paris for you.")
  assert.equal(f.finish, undefined)
  assert.deepEqual(f.usage, [])
  assert.equal(f.errors.length, 1)
  const error = f.errors[0]
  assert.ok(error instanceof GatewayError)
  assert.equal(error.kind, 'overloaded')
  assert.equal(error.status, 529)
  assert.equal(error.retryable, true)
  assert.equal(error.message, 'claude-main: Overloaded')
  assert.equal(events[events.length - 1]?.type, 'error')
})

test('a stream cut before message_stop ends with an upstream_error "stream ended early"', async () => {
  const text = fixtureBytes('anthropic', 'messages-stream-text.sse').toString('utf8')
  const cut = text.slice(0, text.indexOf('event: message_stop'))
  const events = await eventsOf([encoder.encode(cut)])
  const last = events[events.length - 1]
  assert.equal(last?.type, 'error')
  if (last?.type === 'error') {
    assert.equal(last.error.kind, 'upstream_error')
    assert.match(last.error.message, /^claude-main: stream ended early/)
  }
  assert.equal(fold(events).finish, undefined)
})

function sse(...payloads: object[]): Uint8Array {
  return encoder.encode(payloads.map((p) => `event: ${(p as { type: string }).type}\ndata: ${JSON.stringify(p)}\n\n`).join(''))
}

const messageStart = { type: 'message_start', message: { id: 'msg_x', model: 'claude-x', usage: { input_tokens: 5, cache_read_input_tokens: 3, output_tokens: 1 } } }

test('a tool with no input at all yields arguments "{}"; thinking becomes reasoning; tool indexes skip other blocks', async () => {
  const events = await eventsOf([
    sse(
      messageStart,
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'abc' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'refresh', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_2', name: 'noop', input: {} } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ),
  ])
  const f = fold(events)
  assert.equal(f.reasoning, 'Hmm.')
  assert.equal(f.text, '')
  assert.deepEqual(f.toolCalls, [
    { id: 'toolu_1', name: 'refresh', arguments: '{}' },
    { id: 'toolu_2', name: 'noop', arguments: '{}' },
  ])
  for (const call of f.toolCalls) assert.deepEqual(JSON.parse(call.arguments), {})
  assert.deepEqual(f.usage, [{ promptTokens: 8, completionTokens: 9, totalTokens: 17, cachedPromptTokens: 3 }])
})

test('an unreadable data line ends the stream with an upstream_error', async () => {
  const events = await eventsOf([sse(messageStart), encoder.encode('event: content_block_delta\ndata: {"type":"content_bl\n\n')])
  const last = events[events.length - 1]
  assert.equal(last?.type, 'error')
  if (last?.type === 'error') assert.equal(last.error.kind, 'upstream_error')
})

test('a rate_limit_error event maps to rate_limited', async () => {
  const events = await eventsOf([sse(messageStart, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } })])
  const last = events[events.length - 1]
  assert.ok(last?.type === 'error' && last.error.kind === 'rate_limited')
})

/**
 * Stream/non-stream agreement. The Anthropic fixtures hold no stream and answer to the same
 * prompt, so the non-streaming twin of each recorded stream is built by the official SDK
 * (its own SSE parser and message accumulator, fed the recorded bytes through a fake fetch)
 * and then read by our parseResponse.
 */
async function sdkFinalMessage(bytes: Uint8Array): Promise<unknown> {
  const client = new Anthropic({
    apiKey: 'test',
    maxRetries: 0,
    fetch: async () => new Response(bytes, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  })
  return client.messages.stream({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }).finalMessage()
}

for (const file of STREAMS.slice(0, 4)) {
  test(`${file}: collecting the stream equals the SDK-accumulated message through parseResponse`, async () => {
    const bytes = fixtureBytes('anthropic', file)
    const streamed = fold(await eventsOf([bytes]))
    const whole = anthropicAdapter.parseResponse(await sdkFinalMessage(bytes), ctx)
    assert.equal(streamed.text, whole.text ?? '')
    assert.equal(streamed.finish, whole.finish)
    assert.equal(streamed.rawFinish, whole.rawFinish)
    assert.equal(streamed.start?.id, whole.id)
    assert.equal(streamed.start?.upstreamModel, whole.upstreamModel)
    assert.deepEqual(streamed.usage, [whole.usage])
    assert.deepEqual(
      streamed.toolCalls.map((c) => ({ ...c, arguments: JSON.parse(c.arguments) as unknown })),
      whole.toolCalls.map((c) => ({ ...c, arguments: JSON.parse(c.arguments) as unknown })),
    )
  })
}
