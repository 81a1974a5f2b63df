import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { anthropicAdapter } from '../../../src/providers/anthropic/index.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { anthropicCtx } from './helpers.js'

const ctx = anthropicCtx()

test('text answer (messages-response-text.json)', () => {
  assert.deepEqual(anthropicAdapter.parseResponse(fixtureJson('anthropic', 'messages-response-text.json'), ctx), {
    id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
    upstreamModel: 'claude-sonnet-4-5-20250929',
    text: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
    toolCalls: [],
    finish: 'stop',
    rawFinish: 'end_turn',
    usage: { promptTokens: 12, completionTokens: 29, totalTokens: 41, cachedPromptTokens: 0 },
  })
})

test('text plus a tool call with empty input (messages-response-text-and-tool-use.json)', () => {
  const result = anthropicAdapter.parseResponse(fixtureJson('anthropic', 'messages-response-text-and-tool-use.json'), ctx)
  assert.deepEqual(result, {
    id: 'msg_01GCBaV8gyWAYgMVggRqZbuQ',
    upstreamModel: 'claude-3-opus-20240229',
    text:
      '<thinking>\nThe updateIssueList tool was provided in the list of available functions. The tool has no required parameters, so it can be called without any additional information needed from the user.\n</thinking>\n\nOkay, I will update the current issue list:',
    toolCalls: [{ id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', arguments: '{}' }],
    finish: 'tool_calls',
    rawFinish: 'tool_use',
    usage: { promptTokens: 602, completionTokens: 93, totalTokens: 695, cachedPromptTokens: 0 },
  })
})

test('tool-only answer without a stop_sequence key (messages-response-tool-use.json)', () => {
  const result = anthropicAdapter.parseResponse(fixtureJson('anthropic', 'messages-response-tool-use.json'), ctx)
  assert.equal(result.text, null)
  assert.equal(result.finish, 'tool_calls')
  assert.equal(result.toolCalls.length, 1)
  const call = result.toolCalls[0]
  assert.equal(call?.id, 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa')
  assert.equal(call?.name, 'json')
  assert.deepEqual(JSON.parse(call?.arguments ?? ''), {
    elements: [
      { location: 'San Francisco', temperature: -5, condition: 'snowy' },
      { location: 'London', temperature: 0, condition: 'snowy' },
      { location: 'Paris', temperature: 23, condition: 'cloudy' },
      { location: 'Berlin', temperature: -9, condition: 'snowy' },
    ],
  })
  assert.deepEqual(result.usage, { promptTokens: 1151, completionTokens: 87, totalTokens: 1238, cachedPromptTokens: 0 })
})

test('thinking blocks become reasoning, never text; cache counters add to the prompt', () => {
  const result = anthropicAdapter.parseResponse(
    {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'Let me think. ', signature: 'sig' },
        { type: 'redacted_thinking', data: 'xyz' },
        { type: 'thinking', thinking: 'Done.', signature: 'sig2' },
        { type: 'text', text: '42' },
      ],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 7 },
    },
    ctx,
  )
  assert.equal(result.text, '42')
  // Each block keeps its signature (or redacted data) and says which kind signed it, so it can go back to Anthropic only.
  assert.deepEqual(result.reasoning, [
    { text: 'Let me think. ', signature: 'sig', origin: 'anthropic' },
    { text: '', redacted: 'xyz', origin: 'anthropic' },
    { text: 'Done.', signature: 'sig2', origin: 'anthropic' },
  ])
  assert.equal(result.finish, 'length')
  assert.deepEqual(result.usage, { promptTokens: 115, completionTokens: 7, totalTokens: 122, cachedPromptTokens: 100, cacheWriteTokens: 5 })
})

test('stop reasons map per SOURCES.md', () => {
  const cases: Array<[string, string]> = [
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['something_new', 'stop'],
  ]
  for (const [raw, finish] of cases) {
    const result = anthropicAdapter.parseResponse({ type: 'message', content: [], stop_reason: raw, usage: {} }, ctx)
    assert.equal(result.finish, finish, raw)
    assert.equal(result.rawFinish, raw)
  }
})

test('a body that is not a message is an upstream_error; an error body maps by its type', () => {
  assert.throws(() => anthropicAdapter.parseResponse({ hello: 1 }, ctx), (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error')
  assert.throws(
    () => anthropicAdapter.parseResponse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, ctx),
    (err: unknown) => err instanceof GatewayError && err.kind === 'overloaded',
  )
})
