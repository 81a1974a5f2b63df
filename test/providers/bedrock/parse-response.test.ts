import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bedrockAdapter } from '../../../src/providers/bedrock/index.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { bedrockContext } from './context.js'

const parse = (file: string) => bedrockAdapter.parseResponse(fixtureJson('bedrock', file), bedrockContext())

test('converse-response-text.json', () => {
  assert.deepEqual(parse('converse-response-text.json'), {
    text: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** "r"s in "strawberry."',
    toolCalls: [],
    finish: 'stop',
    rawFinish: 'end_turn',
    usage: { promptTokens: 22, completionTokens: 57, totalTokens: 79 },
  })
})

test('converse-response-reasoning.json: reasoning text apart from the answer, with its signature (origin bedrock)', () => {
  const recorded = fixtureJson<{ output: { message: { content: { reasoningContent?: { reasoningText: { signature: string } } }[] } } }>('bedrock', 'converse-response-reasoning.json')
  const signature = recorded.output.message.content[0]!.reasoningContent!.reasoningText.signature
  assert.deepEqual(parse('converse-response-reasoning.json'), {
    text: 'There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y',
    reasoning: [{ text: 'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r\'s.', signature, origin: 'bedrock' }],
    toolCalls: [],
    finish: 'stop',
    rawFinish: 'end_turn',
    usage: { promptTokens: 51, completionTokens: 78, totalTokens: 129 },
  })
})

test('converse-response-tool-use.json: text then a toolUse; Bedrock ids kept', () => {
  assert.deepEqual(parse('converse-response-tool-use.json'), {
    text: '<thinking> To find out the weather in Detroit today, I will use the "weather" tool with the city parameter set to "Detroit". </thinking>\n',
    toolCalls: [{ id: 'tooluse_fcGzeM2lSDeK8J2xouQtjQ', name: 'weather', arguments: '{"city":"Detroit"}' }],
    finish: 'tool_calls',
    rawFinish: 'tool_use',
    usage: { promptTokens: 460, completionTokens: 60, totalTokens: 520 },
  })
})

test('converse-response-multiple-content-tool-use.json', () => {
  const result = parse('converse-response-multiple-content-tool-use.json')
  assert.deepEqual(result.toolCalls, [{ id: 'tooluse_xt0bzTmBTmub9jKo81XH2Q', name: 'search', arguments: '{"query":"Tigers game location"}' }])
  assert.equal(result.finish, 'tool_calls')
  assert.match(result.text ?? '', /^<thinking> The User is asking for the location of a Tigers game/)
  assert.deepEqual(result.usage, { promptTokens: 464, completionTokens: 115, totalTokens: 579 })
})

test('converse-response-tool-use-doc.json: tool call only, no usage', () => {
  assert.deepEqual(parse('converse-response-tool-use-doc.json'), {
    text: null,
    toolCalls: [{ id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'top_song', arguments: '{"sign":"WZPZ"}' }],
    finish: 'tool_calls',
    rawFinish: 'tool_use',
  })
})

test('stop reasons and cache counters', () => {
  const answer = (stopReason: string) => ({ output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason })
  const finish = (reason: string) => bedrockAdapter.parseResponse(answer(reason), bedrockContext()).finish
  assert.equal(finish('max_tokens'), 'length')
  assert.equal(finish('stop_sequence'), 'stop')
  assert.equal(finish('guardrail_intervened'), 'content_filter')
  assert.equal(finish('content_filtered'), 'content_filter')
  assert.equal(finish('model_context_window_exceeded'), 'length')
  assert.equal(finish('something_new'), 'stop')
  const cached = bedrockAdapter.parseResponse(
    { ...answer('end_turn'), usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 20, totalTokens: 135 } },
    bedrockContext(),
  )
  assert.deepEqual(cached.usage, { promptTokens: 130, completionTokens: 5, totalTokens: 135, cachedPromptTokens: 100 })
})

test('an answer without output is an upstream_error', () => {
  assert.throws(
    () => bedrockAdapter.parseResponse({ message: 'odd' }, bedrockContext()),
    (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error',
  )
})
