import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import type { ChatRequest } from '../../../src/canonical/chat.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { API_KEY, chatRequest, geminiContext } from './context.js'

async function bodyOf(req: ChatRequest, ctx = geminiContext()): Promise<Record<string, unknown>> {
  const upstream = await geminiAdapter.buildRequest(req, ctx)
  assert.equal(typeof upstream.body, 'string')
  return JSON.parse(upstream.body as string) as Record<string, unknown>
}

const weatherTool = {
  name: 'get_current_weather',
  description: 'Get the current weather in a given location',
  parameters: {
    type: 'object',
    properties: {
      location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['location'],
  },
}

const fixtureConversation: ChatRequest = chatRequest({
  messages: [
    { role: 'system', content: 'You are a helpful weather assistant.' },
    { role: 'user', content: 'What is the weather like in Boston?' },
    {
      role: 'assistant',
      content: null,
      toolCalls: [{ id: 'call_abc', name: 'get_current_weather', arguments: '{"location":"Boston, MA"}' }],
    },
    { role: 'tool', toolCallId: 'call_abc', content: '{"temperature":22,"unit":"celsius","description":"Sunny"}' },
  ],
  tools: [weatherTool],
  toolChoice: 'auto',
  params: { temperature: 0.7, topP: 0.95, maxTokens: 1024, stop: ['END'], n: 1 },
})

test('the recorded request body is reproduced exactly', async () => {
  assert.deepEqual(await bodyOf(fixtureConversation), fixtureJson('gemini', 'generate-content-request.json'))
})

test('URL, method, framing and headers: key in x-goog-api-key, never in the URL', async () => {
  const ctx = geminiContext({ headers: { 'x-extra': 'yes' } })
  const plain = await geminiAdapter.buildRequest(chatRequest(), ctx)
  assert.equal(plain.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent')
  assert.equal(plain.method, 'POST')
  assert.equal(plain.framing, 'sse')
  assert.deepEqual(plain.headers, { 'content-type': 'application/json', 'x-goog-api-key': API_KEY, 'x-extra': 'yes' })
  const streamed = await geminiAdapter.buildRequest(chatRequest({ stream: true }), ctx)
  assert.equal(
    streamed.url,
    'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
  )
  assert.ok(!streamed.url.includes(API_KEY))
})

test('a models/ prefix on the model id is not doubled', async () => {
  const upstream = await geminiAdapter.buildRequest(chatRequest({ model: 'models/gemini-2.5-flash' }), geminiContext())
  assert.equal(upstream.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent')
})

test('system and developer messages go to systemInstruction in order; same-role turns merge', async () => {
  const body = await bodyOf(
    chatRequest({
      messages: [
        { role: 'system', content: 'First rule.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Second rule.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Again' }] },
        { role: 'assistant', content: 'Hello' },
        { role: 'assistant', content: 'there' },
      ],
    }),
  )
  assert.deepEqual(body.systemInstruction, { parts: [{ text: 'First rule.' }, { text: 'Second rule.' }] })
  assert.deepEqual(body.contents, [
    { role: 'user', parts: [{ text: 'Hi' }, { text: 'Again' }] },
    { role: 'model', parts: [{ text: 'Hello' }, { text: 'there' }] },
  ])
})

test('parallel tool results share one user turn; thoughtSignature goes back unchanged', async () => {
  const body = await bodyOf(
    chatRequest({
      model: 'gemini-3-pro-preview',
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}', providerMetadata: { thoughtSignature: 'SIG==' } },
            { id: 'call_2', name: 'weather', arguments: '{"city":"Rome"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'sunny' },
        { role: 'tool', toolCallId: 'call_2', content: '[1,2]' },
      ],
    }),
  )
  assert.deepEqual(body.contents, [
    { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
    {
      role: 'model',
      parts: [
        { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'SIG==' },
        { functionCall: { name: 'weather', args: { city: 'Rome' } } },
      ],
    },
    {
      role: 'user',
      parts: [
        { functionResponse: { name: 'weather', response: { output: 'sunny' } } },
        { functionResponse: { name: 'weather', response: { output: [1, 2] } } },
      ],
    },
  ])
})

test('Gemini 3: a replayed call without a signature gets the documented skip sentinel, once per turn', async () => {
  const messages: ChatRequest['messages'] = [
    { role: 'user', content: 'Go' },
    {
      role: 'assistant',
      content: 'Calling.',
      toolCalls: [
        { id: 'a', name: 'f', arguments: '{}' },
        { id: 'b', name: 'g', arguments: '' },
      ],
    },
  ]
  const body3 = await bodyOf(chatRequest({ model: 'gemini-3-flash-preview', messages }))
  assert.deepEqual((body3.contents as Array<{ parts: unknown[] }>)[1].parts, [
    { text: 'Calling.' },
    { functionCall: { name: 'f', args: {} }, thoughtSignature: 'skip_thought_signature_validator' },
    { functionCall: { name: 'g', args: {} } },
  ])
  const body2 = await bodyOf(chatRequest({ model: 'gemini-2.5-flash', messages }))
  assert.deepEqual((body2.contents as Array<{ parts: unknown[] }>)[1].parts, [
    { text: 'Calling.' },
    { functionCall: { name: 'f', args: {} } },
    { functionCall: { name: 'g', args: {} } },
  ])
})

test('a tool result for an unknown call id is a 400; so are non-object arguments', async () => {
  await assert.rejects(
    async () => bodyOf(chatRequest({ messages: [{ role: 'tool', toolCallId: 'nope', content: 'x' }] })),
    (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request' && /nope/.test(err.message),
  )
  await assert.rejects(
    async () =>
      bodyOf(
        chatRequest({
          messages: [{ role: 'assistant', content: null, toolCalls: [{ id: 'a', name: 'f', arguments: '[1]' }] }],
        }),
      ),
    (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request',
  )
})

test('images: data URLs inline, https URLs as fileData with a guessed MIME type', async () => {
  const body = await bodyOf(
    chatRequest({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
            { type: 'image', url: 'https://example.com/cat.JPG?size=large', detail: 'high' },
            { type: 'image', url: 'https://example.com/render' },
          ],
        },
      ],
    }),
  )
  assert.deepEqual(body.contents, [
    {
      role: 'user',
      parts: [
        { text: 'What is this?' },
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
        { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?size=large' } },
        { fileData: { fileUri: 'https://example.com/render' } },
      ],
    },
  ])
})

test('an http:// image is refused, or dropped with drop_params', async () => {
  const req = chatRequest({ messages: [{ role: 'user', content: [{ type: 'image', url: 'http://example.com/a.png' }, { type: 'text', text: 'hi' }] }] })
  await assert.rejects(
    async () => bodyOf(req),
    (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request' && err.code === 'unsupported_parameter',
  )
  const ctx = geminiContext({}, true)
  const body = await bodyOf(req, ctx)
  assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'hi' }] }])
  assert.deepEqual(ctx.dropped, ['messages'])
})

test('images in system messages are refused', async () => {
  await assert.rejects(
    async () => bodyOf(chatRequest({ messages: [{ role: 'system', content: [{ type: 'image', url: 'data:image/png;base64,AA==' }] }] })),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'messages',
  )
})
