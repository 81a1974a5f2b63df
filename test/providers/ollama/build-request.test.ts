import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, ChatRequest } from '../../../src/canonical/chat.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { ollamaAdapter } from '../../../src/providers/ollama/index.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { chatRequest, ollamaCtx } from './helpers.js'

type Json = Record<string, unknown>

async function body(req: ChatRequest, ctx = ollamaCtx()): Promise<Json> {
  const upstream = await ollamaAdapter.buildRequest(req, ctx)
  return JSON.parse(upstream.body as string) as Json
}

function refusal(param: string): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.ok(err instanceof GatewayError)
    assert.equal(err.kind, 'invalid_request')
    assert.equal(err.detail.param, param)
    assert.match(err.message, /local-ollama/)
    return true
  }
}

test('non-streaming request equals chat-request.json; URL, headers, framing', async () => {
  const req = chatRequest({ messages: [{ role: 'user', content: 'why is the sky blue?' }] })
  const upstream = await ollamaAdapter.buildRequest(req, ollamaCtx())
  assert.equal(upstream.url, 'http://localhost:11434/api/chat')
  assert.equal(upstream.method, 'POST')
  assert.equal(upstream.framing, 'ndjson')
  assert.deepEqual(upstream.headers, { 'content-type': 'application/json' })
  assert.deepEqual(JSON.parse(upstream.body as string), fixtureJson('ollama', 'chat-request.json'))
})

test('streaming request equals chat-request-stream.json', async () => {
  const req = chatRequest({ model: 'llama3', stream: true, messages: [{ role: 'user', content: 'Second planet of solar system?' }] })
  assert.deepEqual(await body(req), fixtureJson('ollama', 'chat-request-stream.json'))
})

test('tools request equals chat-request-tools.json', async () => {
  const req = chatRequest({
    stream: true,
    messages: [{ role: 'user', content: 'what is the weather in tokyo?' }],
    tools: [
      {
        name: 'get_weather',
        description: 'Get the weather in a given city',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string', description: 'The city to get the weather for' } },
          required: ['city'],
        },
      },
    ],
    toolChoice: 'auto',
  })
  assert.deepEqual(await body(req), fixtureJson('ollama', 'chat-request-tools.json'))
})

test('an api key becomes a Bearer header; configured headers are added', async () => {
  const ctx = ollamaCtx({}, { baseUrl: 'https://ollama.com', apiKey: 'olk-secret', headers: { 'x-extra': '1' } })
  const upstream = await ollamaAdapter.buildRequest(chatRequest({ messages: [{ role: 'user', content: 'x' }] }), ctx)
  assert.equal(upstream.url, 'https://ollama.com/api/chat')
  assert.deepEqual(upstream.headers, { 'content-type': 'application/json', authorization: 'Bearer olk-secret', 'x-extra': '1' })
})

test('messages: system/developer, joined text, base64 images, tool calls as objects, tool results with tool_name', async () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
        { type: 'text', text: 'And the weather there?' },
      ],
    },
    {
      role: 'assistant',
      content: null,
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
        { id: 'call_b', name: 'get_time', arguments: '' },
      ],
    },
    { role: 'tool', toolCallId: 'call_b', content: '14:00' },
    { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: '22C' }] },
    { role: 'tool', toolCallId: 'call_unknown', content: 'orphan' },
  ]
  assert.deepEqual((await body(chatRequest({ messages }))).messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'system', content: 'Use metric units.' },
    { role: 'user', content: 'What is in this picture?\nAnd the weather there?', images: ['iVBORw0KGgo='] },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        { function: { name: 'get_weather', arguments: { city: 'Tokyo' } } },
        { function: { name: 'get_time', arguments: {} } },
      ],
    },
    { role: 'tool', content: '14:00', tool_name: 'get_time' },
    { role: 'tool', content: '22C', tool_name: 'get_weather' },
    { role: 'tool', content: 'orphan' },
  ])
})

test('an https image URL is refused, or dropped from the message', async () => {
  const req = chatRequest({
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', url: 'https://example.com/a.png' }] }],
  })
  await assert.rejects(async () => body(req), (err: unknown) => refusal('messages[].content.image_url')(err) && /base64/.test((err as Error).message))
  const ctx = ollamaCtx({ dropParams: true })
  assert.deepEqual((await body(req, ctx)).messages, [{ role: 'user', content: 'Look' }])
  assert.deepEqual(ctx.dropped, ['messages[].content.image_url'])
})

test('sampling parameters go in options; keep_alive and num_ctx come from provider options', async () => {
  const req = chatRequest({
    messages: [{ role: 'user', content: 'x' }],
    params: { temperature: 0.3, topP: 0.8, maxTokens: 64, stop: ['\n\n'], seed: 42, presencePenalty: 0.1, frequencyPenalty: 0.2, user: 'u1' },
  })
  const b = await body(req, ollamaCtx({}, { options: { keep_alive: '10m', num_ctx: 8192 } }))
  assert.deepEqual(b, {
    model: 'llama3.2',
    messages: [{ role: 'user', content: 'x' }],
    stream: false,
    options: { temperature: 0.3, top_p: 0.8, num_predict: 64, stop: ['\n\n'], seed: 42, presence_penalty: 0.1, frequency_penalty: 0.2, num_ctx: 8192 },
    keep_alive: '10m',
  })
})

test('response_format: json_object → "json", json_schema → the schema', async () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'x' }]
  assert.equal((await body(chatRequest({ messages, responseFormat: { type: 'json_object' } }))).format, 'json')
  const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] }
  assert.deepEqual((await body(chatRequest({ messages, responseFormat: { type: 'json_schema', name: 'A', schema } }))).format, schema)
  assert.equal('format' in (await body(chatRequest({ messages, responseFormat: { type: 'text' } }))), false)
})

test('reasoning_effort → think', async () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'x' }]
  assert.equal((await body(chatRequest({ messages, reasoning: { effort: 'high' } }))).think, 'high')
  assert.equal((await body(chatRequest({ messages, reasoning: { effort: 'none' } }))).think, false)
  await assert.rejects(async () => body(chatRequest({ messages, reasoning: { effort: 'minimal' } })), refusal('reasoning_effort'))
})

test('tool_choice other than auto, parallel_tool_calls false, n, logprobs and logit_bias are refused or dropped', async () => {
  const base = { messages: [{ role: 'user', content: 'x' }] as ChatMessage[], tools: [{ name: 'f' }] }
  const cases: Array<[string, Partial<ChatRequest>]> = [
    ['tool_choice', { toolChoice: 'required' }],
    ['tool_choice', { toolChoice: 'none' }],
    ['tool_choice', { toolChoice: { name: 'f' } }],
    ['parallel_tool_calls', { parallelToolCalls: false }],
    ['n', { params: { n: 3 } }],
    ['logprobs', { params: { logprobs: true } }],
    ['logit_bias', { params: { logitBias: { '1': 5 } } }],
  ]
  for (const [param, extra] of cases) {
    const req = chatRequest({ ...base, ...extra })
    await assert.rejects(async () => body(req), refusal(param))
    const ctx = ollamaCtx({ dropParams: true })
    await body(req, ctx)
    assert.deepEqual(ctx.dropped, [param])
  }
  assert.deepEqual((await body(chatRequest(base))).tools, [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }])
})

test('a thinking budget alone asks for thinking; top_k goes to options', async () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }]
  const sent = await body(chatRequest({ messages, reasoning: { budgetTokens: 1024 }, params: { topK: 20 } }))
  assert.equal(sent.think, true)
  assert.equal((sent.options as { top_k: number }).top_k, 20)
})
