import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { bedrockAdapter } from '../../../src/providers/bedrock/index.js'
import { signedPost } from '../../../src/providers/bedrock/build-request.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import type { ChatRequest } from '../../../src/canonical/chat.js'
import { fixtureJson, fixtureText } from '../../helpers/fixtures.js'
import { bedrockContext, chatRequest } from './context.js'

const topSong = {
  name: 'top_song',
  description: 'Get the most popular song played on a radio station.',
  parameters: {
    type: 'object',
    properties: {
      sign: {
        type: 'string',
        description: 'The call sign for the radio station for which you want the most popular song. Example calls signs are WZPZ and WKRP.',
      },
    },
    required: ['sign'],
  },
}

const playlistRequest: ChatRequest = chatRequest({
  stream: true,
  messages: [
    {
      role: 'system',
      content: 'You are an app that creates playlists for a radio station that plays rock and pop music. Only return song names and the artist.',
    },
    { role: 'user', content: 'What is the most popular song on WZPZ?' },
  ],
  params: { maxTokens: 512, temperature: 0.5, topP: 0.9, stop: ['STOP'] },
  tools: [topSong],
  toolChoice: 'auto',
})

async function bodyOf(req: ChatRequest, ctx = bedrockContext()): Promise<Record<string, unknown>> {
  const upstream = await bedrockAdapter.buildRequest(req, ctx)
  return JSON.parse(upstream.body as string) as Record<string, unknown>
}

/** The recorded HTTP request (CRLF line ends): request line, headers, body. */
function recordedHttp(): { path: string; headers: Record<string, string>; body: string } {
  const [head, body] = fixtureText('bedrock', 'converse-request.http').split('\r\n\r\n')
  const [requestLine, ...headerLines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { path: requestLine.split(' ')[1], headers, body: body.trim() }
}

test('the body matches converse-request.json, byte for byte as in converse-request.http', async () => {
  const upstream = await bedrockAdapter.buildRequest(playlistRequest, bedrockContext())
  assert.deepEqual(JSON.parse(upstream.body as string), fixtureJson('bedrock', 'converse-request.json'))
  assert.equal(upstream.body, recordedHttp().body)
})

test('the signed request has the recorded URL, header set and a well-formed SigV4 Authorization', async () => {
  const recorded = recordedHttp()
  const body = recorded.body
  const when = new Date('2025-07-30T01:20:27Z')
  const upstream = await signedPost(
    'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-micro-v1%3A0/converse-stream',
    body,
    'application/vnd.amazon.eventstream',
    bedrockContext(),
    when,
  )
  assert.equal(new URL(upstream.url).pathname, recorded.path)
  assert.equal(new URL(upstream.url).host, recorded.headers.host)
  assert.equal(upstream.framing, 'aws-eventstream')
  assert.deepEqual(Object.keys(upstream.headers).sort(), ['accept', 'authorization', 'content-type', 'x-amz-content-sha256', 'x-amz-date'])
  assert.equal(upstream.headers['content-type'], recorded.headers['content-type'])
  assert.equal(upstream.headers.accept, recorded.headers.accept)
  assert.equal(upstream.headers['x-amz-date'], recorded.headers['x-amz-date'])
  assert.equal(upstream.headers['x-amz-content-sha256'], createHash('sha256').update(body).digest('hex'))
  const recordedPrefix = recorded.headers.authorization.replace(/Signature=<sig>$/, '')
  assert.ok(upstream.headers.authorization.startsWith(recordedPrefix), upstream.headers.authorization)
  assert.match(upstream.headers.authorization, /, Signature=[0-9a-f]{64}$/)
  // Deterministic for a fixed time and key.
  const again = await signedPost(upstream.url, body, 'application/vnd.amazon.eventstream', bedrockContext(), when)
  assert.equal(again.headers.authorization, upstream.headers.authorization)
})

test('buildRequest: URL per mode, model id encoded as one segment, signed now', async () => {
  const plain = await bedrockAdapter.buildRequest(chatRequest({ model: 'anthropic.claude-3-haiku-20240307-v1:0' }), bedrockContext())
  assert.equal(plain.url, 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse')
  assert.equal(plain.headers.accept, 'application/json')
  assert.match(plain.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, /)
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0'
  const streamed = await bedrockAdapter.buildRequest(chatRequest({ model: arn, stream: true }), bedrockContext())
  assert.equal(
    streamed.url,
    'https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream',
  )
  assert.equal(streamed.headers.accept, 'application/vnd.amazon.eventstream')
})

test('extra provider headers are sent and signed; session tokens too', async () => {
  const ctx = bedrockContext({
    headers: { 'X-Amzn-Bedrock-Trace': 'ENABLED' },
    options: { region: 'eu-west-1', access_key_id: 'AKIAEXAMPLE', secret_access_key: 'secret', session_token: 'TOKEN' },
    baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
  })
  const upstream = await bedrockAdapter.buildRequest(chatRequest(), ctx)
  assert.equal(upstream.headers['x-amzn-bedrock-trace'], 'ENABLED')
  assert.equal(upstream.headers['x-amz-security-token'], 'TOKEN')
  assert.match(
    upstream.headers.authorization,
    /\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amzn-bedrock-trace, /,
  )
})

test('a Bedrock API key is sent as a Bearer token', async () => {
  const ctx = bedrockContext({ apiKey: 'ABSK-example', options: { region: 'us-west-2' }, baseUrl: 'https://bedrock-runtime.us-west-2.amazonaws.com' })
  const upstream = await bedrockAdapter.buildRequest(chatRequest(), ctx)
  assert.equal(upstream.headers.authorization, 'Bearer ABSK-example')
  assert.equal(upstream.headers['x-amz-date'], undefined)
})

// A provider without a region never reaches the adapter: the config refuses it (bedrock/options.ts,
// test/config/errors.test.ts), or takes it from AWS_REGION or its base URL (test/config/provider-modules.test.ts).
test('no credentials is a configuration error naming the provider', async () => {
  const secret = 'secret-value-xyz'
  const cases = [
    [bedrockContext({ options: { region: 'us-east-1' } }), /has no AWS credentials/],
    [bedrockContext({ options: { region: 'us-east-1', access_key_id: 'AKIA1' }, apiKey: undefined }), /has no AWS credentials/],
  ] as const
  for (const [ctx, wording] of cases) {
    await assert.rejects(
      async () => bedrockAdapter.buildRequest(chatRequest(), ctx),
      (err: unknown) =>
        err instanceof GatewayError && err.kind === 'upstream_error' && err.message.includes("'aws'") && wording.test(err.message) && !err.message.includes(secret),
    )
  }
})

test('the tool-result turn matches converse-request-tool-result.json', async () => {
  const body = await bodyOf(
    chatRequest({
      messages: [
        { role: 'user', content: 'What is the most popular song on WZPZ?' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'top_song', arguments: '{"sign":"WZPZ"}' }],
        },
        { role: 'tool', toolCallId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', content: '{"song":"Elemental Hotel","artist":"8 Storey Hike"}' },
      ],
      tools: [topSong],
      toolChoice: 'auto',
    }),
  )
  assert.deepEqual(body, fixtureJson('bedrock', 'converse-request-tool-result.json'))
})

test('roles alternate: tool results and a following user message share one user turn', async () => {
  const body = await bodyOf(
    chatRequest({
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 't1', name: 'f', arguments: '' }, { id: 't2', name: 'g', arguments: '{"a":1}' }] },
        { role: 'tool', toolCallId: 't1', content: 'plain text' },
        { role: 'tool', toolCallId: 't2', content: '[1,2]' },
        { role: 'user', content: [{ type: 'text', text: 'And?' }, { type: 'image', url: 'data:image/jpeg;base64,/9j/4AA=' }] },
      ],
      tools: [{ name: 'f' }, { name: 'g' }],
    }),
  )
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ text: 'Go' }] },
    {
      role: 'assistant',
      content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 't1', name: 'f', input: {} } }, { toolUse: { toolUseId: 't2', name: 'g', input: { a: 1 } } }],
    },
    {
      role: 'user',
      content: [
        { toolResult: { toolUseId: 't1', content: [{ text: 'plain text' }] } },
        { toolResult: { toolUseId: 't2', content: [{ text: '[1,2]' }] } },
        { text: 'And?' },
        { image: { format: 'jpeg', source: { bytes: '/9j/4AA=' } } },
      ],
    },
  ])
  assert.deepEqual(body.toolConfig, {
    tools: [
      { toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: {} } } } },
      { toolSpec: { name: 'g', inputSchema: { json: { type: 'object', properties: {} } } } },
    ],
  })
})

test('https images are refused by name, or dropped with drop_params', async () => {
  const req = chatRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image', url: 'https://example.com/a.png' }] }] })
  await assert.rejects(
    async () => bodyOf(req),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'messages' && err.code === 'unsupported_parameter',
  )
  const ctx = bedrockContext({}, true)
  assert.deepEqual((await bodyOf(req, ctx)).messages, [{ role: 'user', content: [{ text: 'hi' }] }])
  assert.deepEqual(ctx.dropped, ['messages'])
})

test('parameters without a Converse field are refused by name', async () => {
  const cases: Array<[Partial<ChatRequest>, string]> = [
    [{ params: { seed: 1 } }, 'seed'],
    [{ params: { n: 2 } }, 'n'],
    [{ params: { logprobs: true } }, 'logprobs'],
    [{ params: { presencePenalty: 1 } }, 'presence_penalty'],
    [{ params: { frequencyPenalty: 1 } }, 'frequency_penalty'],
    [{ params: { logitBias: { '1': 1 } } }, 'logit_bias'],
    [{ params: { user: 'u' } }, 'user'],
    [{ reasoning: { effort: 'high' } }, 'reasoning_effort'],
  ]
  for (const [extra, param] of cases) {
    await assert.rejects(
      async () => bodyOf(chatRequest(extra)),
      (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request' && err.detail.param === param && err.message.includes("'aws'"),
      param,
    )
  }
  const ctx = bedrockContext({}, true)
  const body = await bodyOf(chatRequest({ params: { seed: 1, n: 1, temperature: 0.2 } }), ctx)
  assert.deepEqual(body.inferenceConfig, { temperature: 0.2 })
  assert.deepEqual(ctx.dropped, ['seed'])
})

test('tool_choice: required → any, named → tool, none → no toolConfig', async () => {
  assert.deepEqual((await bodyOf(chatRequest({ tools: [topSong], toolChoice: 'required' }))).toolConfig, {
    tools: [{ toolSpec: { name: 'top_song', description: topSong.description, inputSchema: { json: topSong.parameters } } }],
    toolChoice: { any: {} },
  })
  const named = (await bodyOf(chatRequest({ tools: [topSong], toolChoice: { name: 'top_song' } }))).toolConfig as Record<string, unknown>
  assert.deepEqual(named.toolChoice, { tool: { name: 'top_song' } })
  assert.equal((await bodyOf(chatRequest({ tools: [topSong], toolChoice: 'none' }))).toolConfig, undefined)
})

test('tool_choice none with tool calls in the history cannot be honoured', async () => {
  const req = chatRequest({
    messages: [
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: null, toolCalls: [{ id: 't1', name: 'top_song', arguments: '{"sign":"WZPZ"}' }] },
      { role: 'tool', toolCallId: 't1', content: 'x' },
    ],
    tools: [topSong],
    toolChoice: 'none',
  })
  await assert.rejects(async () => bodyOf(req), (err: unknown) => err instanceof GatewayError && err.detail.param === 'tool_choice')
  const ctx = bedrockContext({}, true)
  const body = await bodyOf(req, ctx)
  assert.deepEqual(Object.keys(body.toolConfig as object), ['tools'])
  assert.deepEqual(ctx.dropped, ['tool_choice'])
})

test('response_format json_schema → outputConfig with the schema as JSON text; json_object → a forced tool, refused beside your own tools', async () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
  const body = await bodyOf(chatRequest({ responseFormat: { type: 'json_schema', name: 'place', schema, description: 'A place' } }))
  assert.deepEqual(body.outputConfig, {
    textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'place', description: 'A place' } } },
  })
  const ctx = bedrockContext()
  const forced = await bodyOf(chatRequest({ responseFormat: { type: 'json_object' } }), ctx)
  assert.deepEqual(forced.toolConfig, { tools: [{ toolSpec: { name: 'json', description: 'Give your whole answer as this JSON object.', inputSchema: { json: { type: 'object' } } } }], toolChoice: { tool: { name: 'json' } } })
  assert.equal('outputConfig' in forced, false)
  assert.equal(ctx.answerTool, 'json')
  await assert.rejects(
    async () => bodyOf(chatRequest({ responseFormat: { type: 'json_object' }, tools: [{ name: 'lookup' }] })),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'response_format',
  )
})

test('reasoning Bedrock signed goes back first in its turn; another provider’s does not; a failed tool result has status error', async () => {
  const body = await bodyOf(
    chatRequest({
      model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          reasoning: [
            { text: 'I should look.', signature: 'EqoBsig', origin: 'bedrock' },
            { text: '', redacted: 'cmVkYWN0ZWQ=', origin: 'bedrock' },
            { text: 'Anthropic’s own.', signature: 'ant-sig', origin: 'anthropic' },
            { text: 'unsigned' },
          ],
          toolCalls: [{ id: 'tooluse_1', name: 'weather', arguments: '{}' }],
        },
        { role: 'tool', toolCallId: 'tooluse_1', content: 'no such city', isError: true },
      ],
      tools: [{ name: 'weather', parameters: { type: 'object' } }],
    }),
  )
  const messages = body.messages as { content: Record<string, unknown>[] }[]
  assert.deepEqual(messages[1]!.content, [
    { reasoningContent: { reasoningText: { text: 'I should look.', signature: 'EqoBsig' } } },
    { reasoningContent: { redactedContent: 'cmVkYWN0ZWQ=' } },
    { toolUse: { toolUseId: 'tooluse_1', name: 'weather', input: {} } },
  ])
  assert.deepEqual(messages[2]!.content, [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'no such city' }], status: 'error' } }])
})

test('a thinking budget goes to Claude models as Anthropic’s thinking; other models refuse it; top_k has no Converse field', async () => {
  const claude = await bodyOf(chatRequest({ model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', reasoning: { budgetTokens: 2048 } }))
  assert.deepEqual(claude.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } })
  await assert.rejects(async () => bodyOf(chatRequest({ reasoning: { budgetTokens: 2048 } })), (err: unknown) => err instanceof GatewayError && err.detail.param === 'thinking')
  await assert.rejects(async () => bodyOf(chatRequest({ params: { topK: 5 } })), (err: unknown) => err instanceof GatewayError && err.detail.param === 'top_k')
})

test('reasoning_effort on Claude becomes additionalModelRequestFields.thinking with a budget, maxTokens making room', async () => {
  const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'
  const medium = await bodyOf(chatRequest({ model, reasoning: { effort: 'medium' }, params: { maxTokens: 16000 } }))
  assert.deepEqual(medium.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 8192 } })
  assert.deepEqual(medium.inferenceConfig, { maxTokens: 16000 })
  const small = await bodyOf(chatRequest({ model, reasoning: { effort: 'low' }, params: { maxTokens: 500 } }))
  assert.deepEqual(small.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 1024 } })
  assert.deepEqual(small.inferenceConfig, { maxTokens: 1524 })
  const none = await bodyOf(chatRequest({ model, reasoning: { effort: 'none' } }))
  assert.equal(none.additionalModelRequestFields, undefined)
  // A model that does not think: refused by name.
  await assert.rejects(async () => bodyOf(chatRequest({ model: 'amazon.nova-pro-v1:0', reasoning: { effort: 'low' } })), (err: unknown) => err instanceof GatewayError && err.detail.param === 'reasoning_effort')
})
