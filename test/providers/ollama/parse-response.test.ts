import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { ollamaAdapter } from '../../../src/providers/ollama/index.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { ollamaCtx } from './helpers.js'

const ctx = ollamaCtx()

test('text answer without done_reason (chat-response.json)', () => {
  assert.deepEqual(ollamaAdapter.parseResponse(fixtureJson('ollama', 'chat-response.json'), ctx), {
    upstreamModel: 'llama3.2',
    text: 'Hello! How are you today?',
    toolCalls: [],
    finish: 'stop',
    usage: { promptTokens: 26, completionTokens: 298, totalTokens: 324 },
  })
})

test('tool call answer: done_reason stop becomes tool_calls, arguments an object → JSON string, id generated', () => {
  const result = ollamaAdapter.parseResponse(fixtureJson('ollama', 'chat-response-tools.json'), ctx)
  assert.equal(result.text, null)
  assert.equal(result.finish, 'tool_calls')
  assert.equal(result.rawFinish, 'stop')
  assert.deepEqual(result.usage, { promptTokens: 169, completionTokens: 18, totalTokens: 187 })
  assert.equal(result.toolCalls.length, 1)
  const call = result.toolCalls[0]
  assert.equal(call?.name, 'get_weather')
  assert.equal(call?.arguments, '{"city":"Tokyo"}')
  assert.match(call?.id ?? '', /^call_[A-Za-z0-9]+_\d+$/)
})

test('generated ids are unique per call; ids the server sends are kept', () => {
  const body = {
    model: 'qwen3',
    message: {
      role: 'assistant',
      content: '',
      thinking: 'Two lookups.',
      tool_calls: [
        { function: { name: 'a', arguments: {} } },
        { function: { name: 'b', arguments: { x: 1 } } },
        { id: 'call_server', function: { index: 2, name: 'c', arguments: { y: [1, 2] } } },
      ],
    },
    done: true,
    done_reason: 'stop',
    eval_count: 5,
  }
  const result = ollamaAdapter.parseResponse(body, ctx)
  const ids = result.toolCalls.map((c) => c.id)
  assert.equal(new Set(ids).size, 3)
  assert.equal(ids[2], 'call_server')
  assert.deepEqual(result.toolCalls.map((c) => c.arguments), ['{}', '{"x":1}', '{"y":[1,2]}'])
  assert.deepEqual(result.reasoning, [{ text: 'Two lookups.' }])
  // prompt_eval_count is omitted when the prompt was cached.
  assert.deepEqual(result.usage, { promptTokens: 0, completionTokens: 5, totalTokens: 5 })
})

test('done_reason length → length', () => {
  const result = ollamaAdapter.parseResponse({ model: 'm', message: { role: 'assistant', content: 'abc' }, done: true, done_reason: 'length' }, ctx)
  assert.equal(result.finish, 'length')
  assert.equal(result.text, 'abc')
})

test('an error object or a non-object body throws', () => {
  assert.throws(
    () => ollamaAdapter.parseResponse(fixtureJson('ollama', 'error.json'), ctx),
    (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error' && err.message === 'local-ollama: the model failed to generate a response',
  )
  assert.throws(() => ollamaAdapter.parseResponse('nope', ctx), (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error')
})
