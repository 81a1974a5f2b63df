/**
 * The official Anthropic SDK → the gateway's Messages door → fake OpenAI, Gemini, Bedrock and
 * Ollama upstreams (each checking auth as the real service does and replaying recorded answers):
 * the request is translated through the canonical model, the answer comes back as Anthropic's
 * message or event stream. Plain and streamed answers, a tool loop, refusals by name.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import Anthropic from '@anthropic-ai/sdk'
import type { ChatEvent } from '../../src/canonical/chat.js'
import { bedrockAdapter } from '../../src/providers/bedrock/index.js'
import { geminiAdapter } from '../../src/providers/gemini/index.js'
import { ollamaAdapter } from '../../src/providers/ollama/index.js'
import { openaiAdapter } from '../../src/providers/openai/index.js'
import type { CallContext, ProviderAdapter } from '../../src/providers/types.js'
import { decodeFrames } from '../../src/streaming/decode-frames.js'
import type { Framing } from '../../src/streaming/frame.js'
import { chunksOf, collect, fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { assertMessagesGrammar, parseSse } from '../helpers/messages-grammar.js'
import { geminiGuard, ollamaGuard, sigv4Guard } from '../helpers/provider-guards.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { bedrockContext } from '../providers/bedrock/context.js'
import { geminiContext } from '../providers/gemini/context.js'
import { ollamaCtx } from '../providers/ollama/helpers.js'
import { makeCtx } from '../providers/openai/helpers.js'
import { createLogger } from '../../src/logging/logger.js'

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'bedrock' }
const GEMINI_KEY = 'AIza-test-key'
const OPENAI_KEY = 'sk-openai-upstream'

interface Recording {
  folder: string
  file: string
  contentType: string
  split?: ReplayAnswer['split']
}

interface Kind {
  route: string
  adapter: ProviderAdapter
  ctx: CallContext
  framing: Framing
  isStream(req: ReceivedRequest): boolean
  text: { plain: Recording; stream: Recording }
  tool: { plain: Recording; stream: Recording }
  /** The translated tool result in the upstream's request, as [call id or name, text]. */
  toolResult(body: unknown): unknown
}

const json = (folder: string, file: string): Recording => ({ folder, file, contentType: 'application/json' })
const sse = (folder: string, file: string): Recording => ({ folder, file, contentType: 'text/event-stream', split: 'frames' })
const bodyStream = (req: ReceivedRequest) => (req.json() as { stream?: boolean }).stream === true

const KINDS: Kind[] = [
  {
    route: 'gpt',
    adapter: openaiAdapter,
    ctx: makeCtx(),
    framing: 'sse',
    isStream: bodyStream,
    text: { plain: json('openai', 'chat-response-basic.json'), stream: sse('openai', 'chat-stream-include-usage.sse') },
    tool: { plain: json('openai', 'chat-response-tool-call.json'), stream: sse('openai', 'chat-stream-tool-call.sse') },
    toolResult: (body) => (body as { messages: { role: string }[] }).messages.filter((m) => m.role === 'tool'),
  },
  {
    route: 'gemini',
    adapter: geminiAdapter,
    ctx: geminiContext(),
    framing: 'sse',
    isStream: (req) => req.path.includes(':streamGenerateContent'),
    text: { plain: json('gemini', 'generate-content-response-text.json'), stream: sse('gemini', 'stream-generate-content.sse') },
    tool: { plain: json('gemini', 'generate-content-response-function-call.json'), stream: sse('gemini', 'stream-generate-content-function-call.sse') },
    toolResult: (body) => (body as { contents: { parts: { functionResponse?: unknown }[] }[] }).contents.flatMap((c) => c.parts.filter((p) => p.functionResponse !== undefined)),
  },
  {
    route: 'nova',
    adapter: bedrockAdapter,
    ctx: bedrockContext(),
    framing: 'aws-eventstream',
    isStream: (req) => req.path.endsWith('/converse-stream'),
    text: { plain: json('bedrock', 'converse-response-text.json'), stream: { folder: 'bedrock', file: 'converse-stream-text.eventstream', contentType: 'application/vnd.amazon.eventstream', split: 'eventstream' } },
    tool: { plain: json('bedrock', 'converse-response-tool-use.json'), stream: { folder: 'bedrock', file: 'converse-stream-tool-use.eventstream', contentType: 'application/vnd.amazon.eventstream', split: 'eventstream' } },
    toolResult: (body) => (body as { messages: { content: { toolResult?: unknown }[] }[] }).messages.flatMap((m) => m.content.filter((c) => c.toolResult !== undefined)),
  },
  {
    route: 'llama',
    adapter: ollamaAdapter,
    ctx: ollamaCtx(),
    framing: 'ndjson',
    isStream: bodyStream,
    text: { plain: json('ollama', 'chat-response.json'), stream: { folder: 'ollama', file: 'chat-stream.ndjson', contentType: 'application/x-ndjson', split: 'lines' } },
    tool: { plain: json('ollama', 'chat-response-tools.json'), stream: { folder: 'ollama', file: 'chat-stream-tools.ndjson', contentType: 'application/x-ndjson', split: 'lines' } },
    toolResult: (body) => (body as { messages: { role: string }[] }).messages.filter((m) => m.role === 'tool'),
  },
]

const answer = (r: Recording): ReplayAnswer => ({ body: fixtureBytes(r.folder, r.file), headers: { 'content-type': r.contentType }, ...(r.split === undefined ? {} : { split: r.split }) })

/** What the adapter reads in a recording: the text and tool calls the Messages client must get. */
async function expected(kind: Kind, r: Recording, stream: boolean): Promise<{ text: string; tools: { name: string; input: unknown }[] }> {
  if (!stream) {
    const result = kind.adapter.parseResponse(fixtureJson(r.folder, r.file), kind.ctx)
    return { text: result.text ?? '', tools: result.toolCalls.map((c) => ({ name: c.name, input: JSON.parse(c.arguments) })) }
  }
  const events: ChatEvent[] = await collect(kind.adapter.parseStream(decodeFrames(kind.framing, chunksOf(fixtureBytes(r.folder, r.file))), kind.ctx))
  let text = ''
  const calls = new Map<number, { name: string; args: string }>()
  for (const e of events) {
    if (e.type === 'text') text += e.delta
    if (e.type === 'tool-call-start') calls.set(e.index, { name: e.name, args: '' })
    if (e.type === 'tool-call-delta') calls.get(e.index)!.args += e.argsDelta
  }
  return { text, tools: [...calls.values()].map((c) => ({ name: c.name, input: JSON.parse(c.args) })) }
}

const weather: Anthropic.Tool = { name: 'weather', description: 'The weather in a place', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }

describe('Messages translated to other kinds', () => {
  const upstreams = new Map<string, ReplayUpstream>()
  let gw: TestGateway
  let client: Anthropic
  let logs = ''

  before(async () => {
    const sink = new PassThrough()
    sink.on('data', (d: Buffer) => (logs += d.toString()))
    const up = async (route: string, guard?: Parameters<typeof startReplayUpstream>[1]) => upstreams.set(route, await startReplayUpstream(() => ({ status: 500, body: '{}' }), guard))
    await up('gpt', { guard: (req) => (req.headers.authorization === `Bearer ${OPENAI_KEY}` ? undefined : { status: 401, body: '{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}' }) })
    await up('gemini', { guard: geminiGuard(GEMINI_KEY, fixtureBytes('gemini', 'error-400-api-key-invalid.json')) })
    await up('nova', { guard: sigv4Guard(CREDS, () => upstreams.get('nova')!.url) })
    await up('llama', { guard: ollamaGuard(fixtureBytes('ollama', 'error.json')) })
    gw = await startTestGateway(`
providers:
  oai: { kind: openai, base_url: ${upstreams.get('gpt')!.url}/v1, api_key: ${OPENAI_KEY} }
  google: { kind: gemini, base_url: ${upstreams.get('gemini')!.url}/v1beta, api_key: ${GEMINI_KEY} }
  aws: { kind: bedrock, base_url: ${upstreams.get('nova')!.url}, region: us-east-1, access_key_id: ${CREDS.accessKeyId}, secret_access_key: ${CREDS.secretAccessKey} }
  local: { kind: ollama, base_url: ${upstreams.get('llama')!.url} }
  builtin: { kind: fake, ttft_ms: 5, tokens_per_second: 5000 }
models:
  fake: builtin/fake-model
  gpt: oai/gpt-4o
  gemini: google/gemini-2.5-flash
  nova: aws/us.amazon.nova-micro-v1:0
  nova-lite: aws/us.amazon.nova-lite-v1:0
  llama: local/llama3.2
  lenient:
    deployments: [{ target: oai/gpt-4o }]
    drop_params: true
`, {}, createLogger({ destination: sink }))
    client = new Anthropic({ baseURL: gw.url, apiKey: 'client', maxRetries: 0, timeout: 20_000 })
  })
  after(async () => {
    await gw?.close()
    for (const u of upstreams.values()) await u.close()
  })

  for (const kind of KINDS) {
    it(`${kind.route} (${kind.adapter.kind}): a plain answer as Anthropic's message; system, user text and max_tokens translated`, async () => {
      const upstream = upstreams.get(kind.route)!
      upstream.setResponder(() => answer(kind.text.plain))
      const message = await client.messages.create({ model: kind.route, max_tokens: 300, system: 'Be brief.', messages: [{ role: 'user', content: 'Who are you?' }] })
      const want = await expected(kind, kind.text.plain, false)
      assert.equal(message.type, 'message')
      assert.deepEqual(message.content, [{ type: 'text', text: want.text }])
      assert.ok(['end_turn', 'max_tokens'].includes(message.stop_reason ?? ''), String(message.stop_reason))
      const result = kind.adapter.parseResponse(fixtureJson(kind.text.plain.folder, kind.text.plain.file), kind.ctx)
      assert.equal(message.usage.output_tokens, result.usage?.completionTokens)
      assert.equal(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0), result.usage?.promptTokens)
      assert.ok(upstream.received.at(-1)!.body.includes('Be brief.'), 'the system prompt reached the upstream')
      assert.ok(upstream.received.at(-1)!.body.includes('300'), 'max_tokens reached the upstream')
    })

    it(`${kind.route} (${kind.adapter.kind}): a streamed answer follows Anthropic's event grammar; the SDK assembles the recorded text`, async () => {
      const upstream = upstreams.get(kind.route)!
      upstream.setResponder(() => answer(kind.text.stream))
      const res = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: kind.route, max_tokens: 300, stream: true, messages: [{ role: 'user', content: 'Who are you?' }] }) })
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/)
      const events = parseSse(await res.text())
      assertMessagesGrammar(events, kind.route)
      assert.ok(kind.isStream(upstream.received.at(-1)!), 'the upstream was asked to stream')
      const final = await client.messages.stream({ model: kind.route, max_tokens: 300, messages: [{ role: 'user', content: 'Who are you?' }] }).finalMessage()
      const want = await expected(kind, kind.text.stream, true)
      assert.equal(final.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), want.text)
      assert.ok(final.usage.output_tokens > 0)
    })

    it(`${kind.route} (${kind.adapter.kind}): a tool loop, streamed and not: tool_use out, tool_result back in the upstream's own shape`, async () => {
      const upstream = upstreams.get(kind.route)!
      upstream.setResponder((req) => answer(kind.isStream(req) ? kind.tool.stream : kind.tool.plain))
      const ask: Anthropic.MessageParam = { role: 'user', content: 'What is the weather there?' }
      for (const stream of [false, true]) {
        const params = { model: kind.route, max_tokens: 300, tools: [weather], messages: [ask] }
        const first = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params)
        const want = await expected(kind, stream ? kind.tool.stream : kind.tool.plain, stream)
        assert.equal(first.stop_reason, 'tool_use')
        const uses = first.content.filter((b) => b.type === 'tool_use')
        assert.deepEqual(uses.map((u) => ({ name: u.name, input: u.input })), want.tools)
        const results: Anthropic.ToolResultBlockParam[] = uses.map((u, i) => ({ type: 'tool_result', tool_use_id: u.id, content: `sunny ${i}`, ...(i === 1 ? { is_error: true } : {}) }))
        upstream.setResponder((req) => answer(kind.isStream(req) ? kind.text.stream : kind.text.plain))
        await client.messages.create({ model: kind.route, max_tokens: 300, tools: [weather], messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: results }] })
        const sent = kind.toolResult(upstream.received.at(-1)!.json())
        assert.equal((sent as unknown[]).length, uses.length, JSON.stringify(sent))
        assert.ok(JSON.stringify(sent).includes('sunny 0'))
        upstream.setResponder((req) => answer(kind.isStream(req) ? kind.tool.stream : kind.tool.plain))
      }
    })
  }

  it('a tool result carrying an image: OpenAI gets it in a user message after the tool results; Bedrock in the toolResult; Ollama on the tool turn', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
    const turn = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
      model,
      max_tokens: 100,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Look at the map.' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: { location: 'Paris' } }, { type: 'tool_use', id: 'toolu_b', name: 'weather', input: { location: 'Rome' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: [{ type: 'text', text: 'map of Paris:' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: 'sunny' },
          ],
        },
      ],
    })
    upstreams.get('gpt')!.setResponder(() => answer(KINDS[0]!.text.plain))
    await client.messages.create(turn('gpt'))
    const chat = (upstreams.get('gpt')!.received.at(-1)!.json() as { messages: { role: string; content: unknown; tool_call_id?: string }[] }).messages
    assert.deepEqual(chat.slice(2), [
      { role: 'tool', tool_call_id: 'toolu_a', content: 'map of Paris:' },
      { role: 'tool', tool_call_id: 'toolu_b', content: 'sunny' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
    ])
    upstreams.get('nova')!.setResponder(() => answer(KINDS[2]!.text.plain))
    await client.messages.create(turn('nova-lite'))
    const converse = (upstreams.get('nova')!.received.at(-1)!.json() as { messages: { content: { toolResult?: { toolUseId: string; content: unknown[] } }[] }[] }).messages
    assert.deepEqual(converse[2]!.content[0]!.toolResult, { toolUseId: 'toolu_a', content: [{ text: 'map of Paris:' }, { image: { format: 'png', source: { bytes: png } } }] })
    upstreams.get('llama')!.setResponder(() => answer(KINDS[3]!.text.plain))
    await client.messages.create(turn('llama'))
    const ollama = (upstreams.get('llama')!.received.at(-1)!.json() as { messages: { role: string; content: string; images?: string[] }[] }).messages
    assert.deepEqual(ollama.filter((m) => m.role === 'tool').map((m) => m.images), [[png], undefined])
  })

  it('the built-in fake kind answers the Messages door too, plain and streamed', async () => {
    const plain = await client.messages.create({ model: 'fake', max_tokens: 20, messages: [{ role: 'user', content: 'hello fake' }] })
    assert.match(plain.content[0]?.type === 'text' ? plain.content[0].text : '', /^Echo: hello fake/)
    assert.equal(plain.stop_reason, 'max_tokens')
    assert.equal(plain.usage.output_tokens, 20)
    const res = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fake', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'hello fake' }] }) })
    assertMessagesGrammar(parseSse(await res.text()), 'fake')
  })

  it('what the target cannot express is refused by name, in Anthropic’s shape; a drop_params route drops it', async () => {
    const upstream = upstreams.get('gpt')!
    upstream.setResponder(() => answer(KINDS[0]!.text.plain))
    const calls = upstream.received.length
    const params = {
      max_tokens: 100,
      tools: [weather, { type: 'web_search_20250305', name: 'web_search', max_uses: 2 }],
      messages: [{ role: 'user', content: 'Search the web.' }],
      mcp_servers: [{ type: 'url', url: 'https://example.invalid/mcp', name: 'x' }],
    }
    const refused = await client.messages.create({ ...params, model: 'gpt' } as unknown as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e)
    assert.ok(refused instanceof Anthropic.BadRequestError, String(refused))
    assert.equal((refused.error as { error: { type: string } }).error.type, 'invalid_request_error')
    assert.match(refused.message, /tools\[1\].*web_search_20250305.*drop_params/)
    assert.equal(upstream.received.length, calls, 'nothing went upstream')

    const dropped = await client.messages.create({ ...params, model: 'lenient' } as unknown as Anthropic.MessageCreateParamsNonStreaming)
    assert.equal(dropped.content[0]?.type, 'text')
    const sent = upstream.received.at(-1)!.json() as { tools: { function: { name: string } }[] }
    assert.deepEqual(sent.tools.map((t) => t.function.name), ['weather'])
  })

  it('adaptive thinking and effort (what Claude Code sends) are left to the model: no reasoning_effort reaches a model that may not reason; an explicit budget with an effort does', async () => {
    const upstream = upstreams.get('gpt')!
    upstream.setResponder(() => answer(KINDS[0]!.text.plain))
    await client.messages.create({ model: 'gpt', max_tokens: 32000, thinking: { type: 'adaptive' }, output_config: { effort: 'medium' }, messages: [{ role: 'user', content: 'hi' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
    const sent = upstream.received.at(-1)!.json() as { reasoning_effort?: string; max_tokens: number }
    assert.equal(sent.reasoning_effort, undefined)
    assert.equal(sent.max_tokens, 16384, 'Claude Code’s 32,000 capped at what gpt-4o can give')
    const dropped = () => logs.split('\n').filter((l) => l.includes('dropped parameters')).map((l) => (JSON.parse(l) as { dropped: string[] }).dropped)
    // The log line is written as the attempt starts; the stream delivers it a tick later at most.
    for (let i = 0; i < 100 && dropped().length === 0; i++) await new Promise((r) => setImmediate(r))
    assert.deepEqual(dropped().at(-1), ['thinking', 'output_config.effort'], 'what translation left to the model is logged')
    await client.messages.create({ model: 'gpt', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, output_config: { effort: 'high' }, messages: [{ role: 'user', content: 'hi' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
    assert.equal((upstream.received.at(-1)!.json() as { reasoning_effort?: string }).reasoning_effort, 'high')
  })

  it('count_tokens: Gemini counts exactly with countTokens (system and tools included); OpenAI-compatible kinds get the gateway’s estimate', async () => {
    const upstream = upstreams.get('gemini')!
    upstream.setResponder((req) => (req.path.endsWith(':countTokens') ? { body: '{"totalTokens": 31, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 31}]}', headers: { 'content-type': 'application/json' } } : { status: 500, body: '{}' }))
    const counted = await client.messages.countTokens({ model: 'gemini', system: 'Be brief.', tools: [weather], messages: [{ role: 'user', content: 'Weather in Paris?' }] })
    assert.deepEqual(counted, { input_tokens: 31 })
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/v1beta/models/gemini-2.5-flash:countTokens')
    const body = sent.json() as { generateContentRequest: { model: string; systemInstruction: unknown; tools: unknown[]; contents: unknown[] } }
    assert.equal(body.generateContentRequest.model, 'models/gemini-2.5-flash')
    assert.ok(body.generateContentRequest.systemInstruction !== undefined && body.generateContentRequest.tools.length === 1)

    const res = await fetch(`${gw.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt', tools: [weather], messages: [{ role: 'user', content: 'Weather in Paris?' }] }) })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-switchyard-token-count'), 'estimated')
    const withTools = ((await res.json()) as { input_tokens: number }).input_tokens
    const bare = await client.messages.countTokens({ model: 'gpt', messages: [{ role: 'user', content: 'Weather in Paris?' }] })
    assert.ok(withTools > bare.input_tokens + 10, `tool definitions are counted (${withTools} vs ${bare.input_tokens})`)
  })
})
