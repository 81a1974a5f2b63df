/**
 * The official openai SDK → the gateway → a fake Anthropic Messages API on 127.0.0.1 that
 * checks `x-api-key` and `anthropic-version` as the real one does and replays recorded
 * traffic byte for byte.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { anthropicGuard } from '../helpers/provider-guards.js'
import { assertRateObserved, plainAnswer, streamedAnswer, streamUntilError } from '../helpers/e2e-answers.js'
import { readHttpFixture } from '../providers/openai/http-fixture.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const KEY = 'sk-ant-test-key'
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_CT = { 'content-type': 'application/json' }
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }
const ask = (model: string) => ({ model, max_tokens: 256, messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hello, how are you?' }] })

interface Message {
  content: ({ type: 'text'; text: string } | { type: 'tool_use'; name: string; input: unknown })[]
  usage: { input_tokens: number; output_tokens: number }
}

describe('anthropic through the gateway', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: anthropicGuard(KEY) })
    gw = await startInProcessGateway(
      `
providers:
  claude: { kind: anthropic, base_url: ${upstream.url}, api_key: '\${ANTHROPIC_KEY}', models: [claude-sonnet-4-5-20250929] }
  keyless: { kind: anthropic, base_url: ${upstream.url} }
  unversioned: { kind: anthropic, base_url: ${upstream.url}, api_key: ${KEY}, headers: { anthropic-version: '2020-01-01' } }
  # The same upstream as its own deployment for the 529/429 test: an upstream 429 puts a
  # deployment into cooldown for its Retry-After, which must not reach the other tests.
  claude-limited: { kind: anthropic, base_url: ${upstream.url}, api_key: '\${ANTHROPIC_KEY}', models: [claude-sonnet-4-5-20250929] }
models:
  sonnet: claude/claude-sonnet-4-5-20250929
  sonnet-limited: claude-limited/claude-sonnet-4-5-20250929
  no-key: keyless/claude-sonnet-4-5-20250929
  wrong-version: unversioned/claude-sonnet-4-5-20250929
`,
      { ANTHROPIC_KEY: KEY },
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('non-streaming text: the recorded message as an OpenAI completion; the upstream got a valid Messages request', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-response-text.json'), headers: JSON_CT, headersDelayMs: 40 }))
    const recorded = fixtureJson<Message>('anthropic', 'messages-response-text.json')
    let answer: Awaited<ReturnType<typeof plainAnswer>> | undefined
    await assertRateObserved(gw, 'sonnet', false, recorded.usage.output_tokens, 0.035, async () => {
      answer = await plainAnswer(gw.client, ask('sonnet'))
    })
    assert.deepEqual(answer, {
      text: (recorded.content[0] as { text: string }).text,
      toolCalls: [],
      finish: 'stop',
      usage: { prompt: recorded.usage.input_tokens, completion: recorded.usage.output_tokens },
    })
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/v1/messages')
    const body = sent.json() as { model: string; system: unknown; max_tokens: number; messages: unknown[] }
    assert.equal(body.model, 'claude-sonnet-4-5-20250929')
    assert.equal(body.max_tokens, 256)
    assert.ok(JSON.stringify(body.system).includes('Be brief.'))
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Hello, how are you?' }])
  })

  it('streaming text: the recorded deltas, finish and usage; TTFT and tokens/sec recorded', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-stream-text.sse'), headers: SSE, split: 'frames', delayMs: 20, headersDelayMs: 30 }))
    const raw = fixtureBytes('anthropic', 'messages-stream-text.sse').toString('utf8')
    const deltas = [...raw.matchAll(/"text_delta","text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string)
    let answer: Awaited<ReturnType<typeof streamedAnswer>> | undefined
    // Six text pieces 20 ms apart: 120 ms of generation (half that allows for uneven delivery).
    await assertRateObserved(gw, 'sonnet', true, 30, 0.06, async () => {
      answer = await streamedAnswer(gw.client, ask('sonnet'))
    }, 0.09) // headers after 30 ms; message_start, content_block_start and a ping before the first text
    assert.equal(answer!.text, deltas.join(''))
    assert.equal(answer!.finish, 'stop')
    assert.deepEqual(answer!.usage, { prompt: 12, completion: 30 }, 'output_tokens from message_delta, not the placeholder in message_start')
    assert.equal((upstream.received.at(-1)!.json() as { stream: boolean }).stream, true)
  })

  it('tool calls, streamed (fragmented partial_json) and not, reach the SDK as OpenAI tool calls', async () => {
    upstream.setResponder((req) =>
      (req.json() as { stream?: boolean }).stream === true
        ? { body: fixtureBytes('anthropic', 'messages-stream-tool-use.sse'), headers: SSE, split: 'frames' }
        : { body: fixtureBytes('anthropic', 'messages-response-tool-use.json'), headers: JSON_CT },
    )
    const streamed = await streamedAnswer(gw.client, { ...ask('sonnet'), tools: [weather], tool_choice: 'required' })
    assert.equal(streamed.finish, 'tool_calls')
    assert.deepEqual(streamed.toolCalls, [{ name: 'get_weather', arguments: { location: 'Paris' } }])
    assert.equal(streamed.usage?.completion, 65)
    const sent = upstream.received.at(-1)!.json() as { tools: { name: string; input_schema: unknown }[]; tool_choice: unknown }
    assert.deepEqual(sent.tools.map((t) => t.name), ['get_weather'])
    assert.deepEqual(sent.tool_choice, { type: 'any' })

    const recorded = fixtureJson<Message>('anthropic', 'messages-response-tool-use.json')
    const plain = await plainAnswer(gw.client, { ...ask('sonnet'), tools: [weather] })
    assert.equal(plain.finish, 'tool_calls')
    const use = recorded.content[0] as { name: string; input: unknown }
    assert.deepEqual(plain.toolCalls, [{ name: use.name, arguments: use.input }])
    assert.deepEqual(plain.usage, { prompt: recorded.usage.input_tokens, completion: recorded.usage.output_tokens })
  })

  it('/v1/completions is translated through chat: the prompt becomes a user message, the text comes back', async () => {
    upstream.setResponder((req) =>
      (req.json() as { stream?: boolean }).stream === true
        ? { body: fixtureBytes('anthropic', 'messages-stream-text.sse'), headers: SSE, split: 'frames' }
        : { body: fixtureBytes('anthropic', 'messages-response-text.json'), headers: JSON_CT },
    )
    const recorded = fixtureJson<Message>('anthropic', 'messages-response-text.json')
    const plain = await gw.client.completions.create({ model: 'sonnet', prompt: 'Hello, how are you?', max_tokens: 64 })
    assert.equal(plain.choices[0]!.text, (recorded.content[0] as { text: string }).text)
    assert.equal(plain.choices[0]!.finish_reason, 'stop')
    assert.deepEqual((upstream.received.at(-1)!.json() as { messages: unknown }).messages, [{ role: 'user', content: 'Hello, how are you?' }])
    let text = ''
    for await (const chunk of await gw.client.completions.create({ model: 'sonnet', prompt: 'Hello, how are you?', max_tokens: 64, stream: true })) text += chunk.choices[0]?.text ?? ''
    assert.ok(text.startsWith('Hello! I'))
  })

  it('an image goes as a base64 image block; a JSON schema as output_config.format (Claude 4.5)', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-response-text.json'), headers: JSON_CT }))
    await plainAnswer(gw.client, {
      model: 'sonnet',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      response_format: { type: 'json_schema', json_schema: { name: 'thing', schema: { type: 'object', properties: { name: { type: 'string' } } } } },
    })
    const sent = upstream.received.at(-1)!.json() as { messages: { content: unknown[] }[]; output_config?: { format?: { type: string } } }
    assert.deepEqual(sent.messages[0]!.content[1], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } })
    assert.equal(sent.output_config?.format?.type, 'json_schema')
  })

  it('an overloaded_error inside a 200 stream, after text, ends the stream with an error the SDK raises', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-stream-error-overloaded.sse'), headers: SSE, split: 'frames' }))
    const { text, error: err } = await streamUntilError(gw.client, ask('sonnet'))
    assert.ok(text.length > 0, 'the text before the error reached the client')
    assert.match(err.message, /overloaded/i)
  })

  it('the recorded 529 overloaded is a 503; a 429 passes Retry-After on', async () => {
    const overloaded = readHttpFixture('anthropic', 'error-529-overloaded.http')
    upstream.setResponder(() => ({ status: 529, headers: Object.fromEntries(overloaded.headers), body: overloaded.body }))
    const e503 = await gw.client.chat.completions.create(ask('sonnet-limited')).catch((e: unknown) => e)
    assert.ok(e503 instanceof APIError)
    assert.equal(e503.status, 503)

    upstream.setResponder(() => ({
      status: 429,
      headers: { ...JSON_CT, 'retry-after': '17' },
      body: JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } }),
    }))
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: JSON_CT, body: JSON.stringify(ask('sonnet-limited')) })
    assert.equal(res.status, 429)
    assert.equal(res.headers.get('retry-after'), '17')
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded')
  })

  it('the fake checks headers as Anthropic does: a request without anthropic-version or x-api-key is refused', async () => {
    const post = (headers: Record<string, string>) => fetch(`${upstream.url}/v1/messages`, { method: 'POST', headers: { ...JSON_CT, ...headers }, body: '{}' })
    const noVersion = await post({ 'x-api-key': KEY })
    assert.equal(noVersion.status, 400)
    assert.match(await noVersion.text(), /anthropic-version: header is required/)
    const noKey = await post({ 'anthropic-version': '2023-06-01' })
    assert.equal(noKey.status, 401)
    assert.match(await noKey.text(), /authentication_error/)
  })

  it('headers from a misconfigured provider fail there: no key → 401 upstream → 502 naming the provider; a wrong anthropic-version → 400', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-response-text.json'), headers: JSON_CT }))
    const rejectedBefore = upstream.rejected.length
    const noKey = await gw.client.chat.completions.create(ask('no-key')).catch((e: unknown) => e)
    assert.ok(noKey instanceof APIError)
    assert.equal(noKey.status, 502)
    assert.match(noKey.message, /keyless/)
    const wrongVersion = await gw.client.chat.completions.create(ask('wrong-version')).catch((e: unknown) => e)
    assert.ok(wrongVersion instanceof APIError)
    assert.equal(wrongVersion.status, 400)
    assert.match(wrongVersion.message, /unversioned.*anthropic-version/)
    assert.equal(upstream.rejected.length - rejectedBefore, 2, 'both refused by the fake Anthropic, not by the gateway')
    // The configured, well-formed provider passes the same checks.
    await plainAnswer(gw.client, ask('sonnet'))
    assert.equal(upstream.rejected.length - rejectedBefore, 2)
  })
})
