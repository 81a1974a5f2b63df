import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, ChatRequest } from '../../../src/canonical/chat.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { anthropicAdapter } from '../../../src/providers/anthropic/index.js'
import { fixtureJson, fixtureText } from '../../helpers/fixtures.js'
import { anthropicCtx, chatRequest, httpBody, httpHeaders } from './helpers.js'

type Json = Record<string, unknown>

async function body(req: ChatRequest, ctx = anthropicCtx()): Promise<Json> {
  const upstream = await anthropicAdapter.buildRequest(req, ctx)
  assert.equal(typeof upstream.body, 'string')
  return JSON.parse(upstream.body as string) as Json
}

function refusal(param: string): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.ok(err instanceof GatewayError)
    assert.equal(err.kind, 'invalid_request')
    assert.equal(err.status, 400)
    assert.equal(err.detail.param, param)
    assert.match(err.message, /claude-main/)
    return true
  }
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

/** The canonical request equivalent to fixtures/anthropic/messages-request-tools-image.json. */
const toolsImageRequest = chatRequest({
  model: 'claude-sonnet-4-5',
  params: { maxTokens: 1024 },
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Answer concisely.' },
    {
      role: 'user',
      content: [
        { type: 'image', url: `data:image/png;base64,${PNG}` },
        { type: 'text', text: 'Which city is shown in this picture, and what is the weather there right now?' },
      ],
    },
    {
      role: 'assistant',
      content: "That looks like San Francisco. I'll check the weather there.",
      toolCalls: [
        { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
      ],
    },
    { role: 'tool', toolCallId: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees, partly cloudy' },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Get the current weather in a given location',
      parameters: {
        type: 'object',
        properties: {
          location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], description: 'The unit of temperature' },
        },
        required: ['location'],
      },
    },
  ],
  toolChoice: 'auto',
})

/** We always send `system` as an array of text blocks; the DOC fixtures use the string form. */
function withSystemBlocks(expected: Json): Json {
  return typeof expected.system === 'string' ? { ...expected, system: [{ type: 'text', text: expected.system }] } : expected
}

test('the tools+image request equals the documented body (messages-request-tools-image.json)', async () => {
  assert.deepEqual(await body(toolsImageRequest), withSystemBlocks(fixtureJson<Json>('anthropic', 'messages-request-tools-image.json')))
})

test('URL, method, headers and body match messages-request.http', async () => {
  const http = fixtureText('anthropic', 'messages-request.http')
  const upstream = await anthropicAdapter.buildRequest(toolsImageRequest, anthropicCtx())
  assert.equal(upstream.url, 'https://api.anthropic.com/v1/messages')
  assert.equal(upstream.method, 'POST')
  assert.equal(upstream.framing, 'sse')
  const expected = httpHeaders(http)
  assert.deepEqual(upstream.headers, {
    'x-api-key': expected.get('x-api-key'),
    'anthropic-version': expected.get('anthropic-version'),
    'content-type': expected.get('content-type'),
  })
  assert.deepEqual(JSON.parse(upstream.body as string), withSystemBlocks(JSON.parse(httpBody(http)) as Json))
})

test('a streaming request equals messages-request-stream.json', async () => {
  const req = chatRequest({ stream: true, params: { maxTokens: 1024 }, messages: [{ role: 'user', content: 'Hello, Claude' }] })
  assert.deepEqual(await body(req), fixtureJson('anthropic', 'messages-request-stream.json'))
})

test('configured headers are added and may override ours; no key means no x-api-key', async () => {
  const ctx = anthropicCtx({}, { apiKey: undefined, headers: { 'anthropic-beta': 'a,b', 'anthropic-version': '2099-01-01' } })
  const upstream = await anthropicAdapter.buildRequest(chatRequest({ messages: [{ role: 'user', content: 'x' }] }), ctx)
  assert.deepEqual(upstream.headers, { 'content-type': 'application/json', 'anthropic-version': '2099-01-01', 'anthropic-beta': 'a,b' })
})

test('every system and developer message, mid-conversation ones included, goes to `system` in order', async () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'First rule.' },
    { role: 'developer', content: [{ type: 'text', text: 'Second rule.' }, { type: 'text', text: 'Third rule.' }] },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'system', content: 'From now on, answer in French.' },
    { role: 'user', content: 'How are you?' },
  ]
  const b = await body(chatRequest({ messages }))
  assert.deepEqual(b.system, [
    { type: 'text', text: 'First rule.' },
    { type: 'text', text: 'Second rule.' },
    { type: 'text', text: 'Third rule.' },
    { type: 'text', text: 'From now on, answer in French.' },
  ])
  assert.deepEqual(b.messages, [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'user', content: 'How are you?' },
  ])
})

test('consecutive same-role turns merge; consecutive tool results share one user message', async () => {
  const messages: ChatMessage[] = [
    { role: 'user', content: 'Weather in Paris' },
    { role: 'user', content: [{ type: 'text', text: 'and in Rome?' }] },
    {
      role: 'assistant',
      content: null,
      toolCalls: [
        { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'toolu_b', name: 'get_weather', arguments: '' },
      ],
    },
    { role: 'tool', toolCallId: 'toolu_a', content: '18C' },
    { role: 'tool', toolCallId: 'toolu_b', content: [{ type: 'text', text: '24C' }] },
    { role: 'user', content: 'Thanks' },
    { role: 'assistant', content: '' },
  ]
  const b = await body(chatRequest({ messages }))
  assert.deepEqual(b.messages, [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris' }, { type: 'text', text: 'and in Rome?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_a', content: '18C' },
        { type: 'tool_result', tool_use_id: 'toolu_b', content: [{ type: 'text', text: '24C' }] },
        { type: 'text', text: 'Thanks' },
      ],
    },
  ])
  assert.equal('system' in b, false)
})

test('an https image becomes a url source', async () => {
  const b = await body(
    chatRequest({ messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/cat.jpg' }, { type: 'text', text: 'What is this?' }] }] }),
  )
  assert.deepEqual(b.messages, [
    {
      role: 'user',
      content: [
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        { type: 'text', text: 'What is this?' },
      ],
    },
  ])
})

test('tool call arguments that are not a JSON object are a 400', async () => {
  for (const args of ['{"city":', '[1,2]']) {
    const req = chatRequest({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'toolu_x', name: 'f', arguments: args }] },
      ],
    })
    await assert.rejects(async () => body(req), (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request' && /toolu_x/.test(err.message))
  }
})

test('max_tokens: the client value, else the model maximum, else 4096', async () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'x' }]
  assert.equal((await body(chatRequest({ messages, params: { maxTokens: 77 } }))).max_tokens, 77)
  const cases: Array<[string, number]> = [
    ['claude-sonnet-4-5-20250929', 64000],
    ['claude-3-5-haiku-20241022', 8192],
    ['claude-3-7-sonnet-latest', 64000],
    ['claude-sonnet-4-20250514', 64000],
    ['claude-opus-4-20250514', 32000],
    ['claude-opus-4-1', 32000],
    ['claude-3-haiku-20240307', 4096],
    ['some-proxy-model', 4096],
  ]
  for (const [model, expected] of cases) {
    assert.equal((await body(chatRequest({ model, messages }), anthropicCtx({ model }))).max_tokens, expected, model)
  }
  const overridden = anthropicCtx({}, { capabilities: { maxOutputTokens: 1000 } })
  assert.equal((await body(chatRequest({ messages }), overridden)).max_tokens, 1000)
})

test('sampling parameters, stop sequences and user map to their Anthropic names', async () => {
  const b = await body(
    chatRequest({
      messages: [{ role: 'user', content: 'x' }],
      params: { maxTokens: 10, temperature: 0.2, topP: 0.9, stop: ['END', '###'], user: 'user-123', n: 1, presencePenalty: 0 },
    }),
  )
  assert.deepEqual(b, {
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    messages: [{ role: 'user', content: 'x' }],
    temperature: 0.2,
    top_p: 0.9,
    stop_sequences: ['END', '###'],
    metadata: { user_id: 'user-123' },
  })
})

test('tool_choice and parallel_tool_calls', async () => {
  const base = { messages: [{ role: 'user', content: 'x' }] as ChatMessage[], tools: [{ name: 'f' }] }
  const choice = async (extra: Partial<ChatRequest>): Promise<unknown> => (await body(chatRequest({ ...base, ...extra }))).tool_choice
  assert.equal(await choice({}), undefined)
  assert.deepEqual(await choice({ toolChoice: 'auto' }), { type: 'auto' })
  assert.deepEqual(await choice({ toolChoice: 'none' }), { type: 'none' })
  assert.deepEqual(await choice({ toolChoice: 'required' }), { type: 'any' })
  assert.deepEqual(await choice({ toolChoice: { name: 'f' } }), { type: 'tool', name: 'f' })
  assert.deepEqual(await choice({ parallelToolCalls: false }), { type: 'auto', disable_parallel_tool_use: true })
  assert.deepEqual(await choice({ toolChoice: 'required', parallelToolCalls: false }), { type: 'any', disable_parallel_tool_use: true })
  assert.deepEqual(await choice({ toolChoice: 'none', parallelToolCalls: false }), { type: 'none' })
  assert.deepEqual((await body(chatRequest(base))).tools, [{ name: 'f', input_schema: { type: 'object', properties: {} } }])
})

test('strict tools keep `strict` only on models with structured outputs', async () => {
  const tools = [{ name: 'f', parameters: { type: 'object' }, strict: true }]
  const messages: ChatMessage[] = [{ role: 'user', content: 'x' }]
  assert.deepEqual((await body(chatRequest({ messages, tools }))).tools, [{ name: 'f', input_schema: { type: 'object' }, strict: true }])
  const old = 'claude-3-5-haiku-20241022'
  assert.deepEqual((await body(chatRequest({ model: old, messages, tools }), anthropicCtx({ model: old }))).tools, [
    { name: 'f', input_schema: { type: 'object' } },
  ])
})

test('response_format json_schema → output_config.format on Claude 4.5+', async () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
  const b = await body(
    chatRequest({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'json_schema', name: 'Loc', schema, strict: true } }),
  )
  assert.deepEqual(b.output_config, { format: { type: 'json_schema', schema } })
  const text = await body(chatRequest({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'text' } }))
  assert.equal('output_config' in text, false)
})

test('response_format json_schema on an older model is refused or dropped', async () => {
  const old = 'claude-3-7-sonnet-20250219'
  const schemaReq = chatRequest({ model: old, messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'json_schema', name: 'n', schema: {} } })
  await assert.rejects(async () => body(schemaReq, anthropicCtx({ model: old })), refusal('response_format'))
  const ctx = anthropicCtx({ model: old, dropParams: true })
  const b = await body(schemaReq, ctx)
  assert.equal('output_config' in b, false)
  assert.deepEqual(ctx.dropped, ['response_format'])
})

test('response_format json_object → a forced tool whose input is any object; refused with your own tools or thinking', async () => {
  const objectReq = chatRequest({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'json_object' } })
  const ctx = anthropicCtx()
  const b = await body(objectReq, ctx)
  assert.deepEqual(b.tools, [{ name: 'json', description: 'Give your whole answer as this JSON object.', input_schema: { type: 'object' } }])
  assert.deepEqual(b.tool_choice, { type: 'tool', name: 'json' })
  assert.equal('output_config' in b, false)
  assert.equal(ctx.answerTool, 'json')
  const withTools = chatRequest({ ...objectReq, tools: [{ name: 'lookup' }] })
  await assert.rejects(async () => body(withTools), refusal('response_format'))
  const thinking = chatRequest({ ...objectReq, reasoning: { budgetTokens: 2000 } })
  await assert.rejects(async () => body(thinking), refusal('response_format'))
})

test('parameters without an Anthropic equivalent are refused, or dropped when the route allows', async () => {
  const cases: Array<[string, Partial<ChatRequest>]> = [
    ['seed', { params: { seed: 7 } }],
    ['n', { params: { n: 2 } }],
    ['logprobs', { params: { logprobs: true } }],
    ['top_logprobs', { params: { topLogprobs: 3 } }],
    ['logit_bias', { params: { logitBias: { '50256': -100 } } }],
    ['presence_penalty', { params: { presencePenalty: 0.5 } }],
    ['frequency_penalty', { params: { frequencyPenalty: 0.5 } }],
    ['reasoning_effort', { model: 'claude-3-5-haiku-20241022', reasoning: { effort: 'high' } }],
  ]
  for (const [param, extra] of cases) {
    const req = chatRequest({ messages: [{ role: 'user', content: 'x' }], ...extra })
    await assert.rejects(async () => body(req), refusal(param))
    const ctx = anthropicCtx({ dropParams: true })
    const b = await body(req, ctx)
    assert.deepEqual(ctx.dropped, [param])
    assert.deepEqual(Object.keys(b).sort(), ['max_tokens', 'messages', 'model'])
  }
})

test('an image in a system message is refused (text only there)', async () => {
  const req = chatRequest({ messages: [{ role: 'system', content: [{ type: 'image', url: 'https://e.com/a.png' }] }, { role: 'user', content: 'x' }] })
  await assert.rejects(async () => body(req), refusal('messages[].content.image_url'))
})

test('reasoning Anthropic signed goes back as thinking / redacted_thinking, first in the turn; another provider’s does not; top_k passes', async () => {
  const sent = await body(
    chatRequest({
      params: { topK: 5 },
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          reasoning: [
            { text: 'Look it up.', signature: 'EqQBsig', origin: 'anthropic' },
            { text: '', redacted: 'opaque', origin: 'anthropic' },
            { text: 'Bedrock’s.', signature: 'bedrock-sig', origin: 'bedrock' },
            { text: 'unsigned', origin: 'anthropic' },
          ],
          toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: '{}' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: 'sunny' },
      ],
    }),
  )
  assert.equal(sent.top_k, 5)
  assert.deepEqual((sent.messages as { content: unknown }[])[1]!.content, [
    { type: 'thinking', thinking: 'Look it up.', signature: 'EqQBsig' },
    { type: 'redacted_thinking', data: 'opaque' },
    { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} },
  ])
})

test('reasoning_effort becomes a thinking budget on Claude 4.5, as in the recorded thinking request', async () => {
  // fixtures/anthropic-messages/messages-stream-thinking-tool-use.request.json: claude-sonnet-4-5, thinking {type: enabled, budget_tokens: 1024}, max_tokens 4096.
  const recorded = fixtureJson<Json>('anthropic-messages', 'messages-stream-thinking-tool-use.request.json')
  const low = await body(chatRequest({ model: 'claude-sonnet-4-5', params: { maxTokens: 4096 }, reasoning: { effort: 'low' }, messages: [{ role: 'user', content: 'x' }] }))
  assert.deepEqual(low.thinking, recorded.thinking)
  assert.equal(low.max_tokens, recorded.max_tokens)
  // A budget that does not fit below the client's max_tokens gets room, within the model's limit.
  const high = await body(chatRequest({ model: 'claude-sonnet-4-5', params: { maxTokens: 1000 }, reasoning: { effort: 'high' }, messages: [{ role: 'user', content: 'x' }] }))
  assert.deepEqual(high.thinking, { type: 'enabled', budget_tokens: 24576 })
  assert.equal(high.max_tokens, 25576)
  // "none" sends nothing; a token budget (the Messages door's thinking) is sent as given.
  const none = await body(chatRequest({ reasoning: { effort: 'none' }, messages: [{ role: 'user', content: 'x' }] }))
  assert.equal(none.thinking, undefined)
  const budget = await body(chatRequest({ reasoning: { budgetTokens: 2048 }, messages: [{ role: 'user', content: 'x' }] }))
  assert.deepEqual(budget.thinking, { type: 'enabled', budget_tokens: 2048 })
})

test('reasoning_effort on Opus/Sonnet 4.6+ is adaptive thinking with output_config.effort, merged with a JSON schema', async () => {
  const medium = await body(chatRequest({ model: 'claude-opus-4-6', reasoning: { effort: 'medium' }, messages: [{ role: 'user', content: 'x' }] }))
  assert.deepEqual(medium.thinking, { type: 'adaptive' })
  assert.deepEqual(medium.output_config, { effort: 'medium' })
  const structured = await body(
    chatRequest({
      model: 'claude-sonnet-4-6',
      reasoning: { effort: 'minimal' },
      responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object' } },
      messages: [{ role: 'user', content: 'x' }],
    }),
  )
  assert.deepEqual(structured.output_config, { format: { type: 'json_schema', schema: { type: 'object' } }, effort: 'low' })
  const xhigh = await body(chatRequest({ model: 'claude-opus-4-6', reasoning: { effort: 'xhigh' }, messages: [{ role: 'user', content: 'x' }] }))
  assert.deepEqual(xhigh.output_config, { effort: 'max' })
})
