/**
 * The official Anthropic SDK (and raw HTTP where bytes are the point) → the gateway's Messages
 * door → a fake Anthropic API that checks `x-api-key` and `anthropic-version` as the real one
 * does and replays recorded Messages traffic byte for byte. The request is relayed, not
 * translated: the upstream must receive the client's bytes with only `model` replaced.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { anthropicGuard } from '../helpers/provider-guards.js'
import { readHttpFixture } from '../providers/openai/http-fixture.js'

const KEY = 'sk-ant-upstream-key'
const CLIENT_KEY = 'sk-switchyard-client'
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_CT = { 'content-type': 'application/json' }
const MODEL = 'claude-haiku-4-5-20251001'

/** The client's body as the upstream must see it: the same text, only the model's value replaced. */
function withModel(text: string, from: string, to: string): string {
  const needle = `"model":"${from}"`
  assert.equal(text.split(needle).length, 2, `the fixture names model ${from} once`)
  return text.replace(needle, `"model":${JSON.stringify(to)}`)
}

describe('Messages passthrough to the anthropic kind', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  let client: Anthropic

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: anthropicGuard(KEY) })
    gw = await startTestGateway(
      `
server:
  master_key: ${CLIENT_KEY}
providers:
  claude: { kind: anthropic, base_url: ${upstream.url}, api_key: '\${ANTHROPIC_KEY}', models: [${MODEL}] }
  claude-busy: { kind: anthropic, base_url: ${upstream.url}, api_key: '\${ANTHROPIC_KEY}', models: [${MODEL}] }
models:
  haiku: claude/${MODEL}
  busy: claude-busy/${MODEL}
`,
      { ANTHROPIC_KEY: KEY },
    )
    client = new Anthropic({ baseURL: gw.url, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 20_000 })
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('the upstream receives the client’s exact bytes except model (1.0 stays 1.0, signatures untouched); key, version and betas as Anthropic needs them; ?beta=true kept', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic-messages', 'messages-stream-after-tool-result.sse'), headers: SSE }))
    const sent = withModel(fixtureText('anthropic-messages', 'messages-request-thinking-tool-result-replay.exact.json'), MODEL, 'haiku')
    const res = await fetch(`${gw.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { ...JSON_CT, 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27' },
      body: sent,
    })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), fixtureText('anthropic-messages', 'messages-stream-after-tool-result.sse'), 'the stream is relayed as it came')
    const got = upstream.received.at(-1)!
    assert.equal(got.body, withModel(sent, 'haiku', MODEL), 'only the model changed')
    assert.ok(got.body.includes('"temperature":1.0'))
    assert.equal(got.path, '/v1/messages?beta=true')
    assert.equal(got.headers['x-api-key'], KEY, 'the provider key, never the client’s')
    assert.equal(got.headers.authorization, undefined)
    assert.equal(got.headers['anthropic-version'], '2023-06-01')
    assert.equal(got.headers['anthropic-beta'], 'interleaved-thinking-2025-05-14,context-management-2025-06-27')
  })

  it('unknown fields, cache_control, unicode escapes and odd spacing survive; JSON answers are relayed byte for byte', async () => {
    const answer = fixtureBytes('anthropic-messages', 'messages-nonstream-cache-read-usage.json')
    upstream.setResponder(() => ({ body: answer, headers: JSON_CT }))
    const sent =
      '{ "model" : "haiku",\n  "max_tokens": 1e3, "future_field": {"x": [1, 2.50, "\\u00e9\\ud83d\\ude00"]},\n' +
      '  "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],\n' +
      '  "messages": [{"role": "user", "content": "caf\\u00e9?"}], "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]} }'
    const res = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { ...JSON_CT, authorization: `Bearer ${CLIENT_KEY}`, 'anthropic-version': '2023-06-01' }, body: sent })
    assert.equal(res.status, 200)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), answer)
    assert.equal(upstream.received.at(-1)!.body, sent.replace('"model" : "haiku"', `"model" : "${MODEL}"`))
    assert.equal(upstream.received.at(-1)!.path, '/v1/messages', 'no query when the client sent none')
  })

  it('the SDK’s stream helpers assemble thinking, its signature and the text from the relayed stream; usage from message_start and message_delta is accounted', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic-messages', 'messages-stream-thinking-signature.sse'), headers: SSE, split: 'frames', delayMs: 5 }))
    const before = metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: 'haiku', type: 'prompt' }) ?? 0
    const stream = client.messages.stream({ model: 'haiku', max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Two names for a pet pelican, be brief' }] })
    let thinking = ''
    stream.on('thinking', (delta) => (thinking += delta))
    const final = await stream.finalMessage()
    const raw = fixtureText('anthropic-messages', 'messages-stream-thinking-signature.sse')
    const signature = /"signature_delta","signature":"([^"]+)"/.exec(raw)![1]
    const block = final.content[0]
    assert.ok(block?.type === 'thinking')
    assert.equal(block.signature, signature)
    assert.equal(block.thinking, thinking)
    assert.ok(final.content.some((b) => b.type === 'text' && b.text.length > 0))
    assert.equal(final.usage.output_tokens, 133, 'the cumulative count from message_delta')
    const metrics = await gw.metricsText()
    assert.equal((metricValue(metrics, 'switchyard_tokens_total', { route: 'haiku', type: 'prompt' }) ?? 0) - before, 46)
    assert.ok((metricValue(metrics, 'switchyard_requests_total', { endpoint: 'messages', route: 'haiku', status: '200', stream: 'true' }) ?? 0) >= 1)
  })

  it('a two-turn tool loop: the second request carries the first turn’s signed thinking back unchanged', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic-messages', 'messages-stream-thinking-tool-use.sse'), headers: SSE, split: 'frames' }))
    const tools: Anthropic.Tool[] = [{ name: 'get_temperature', description: '', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }]
    const ask: Anthropic.MessageParam = { role: 'user', content: 'How warm is it in Utrecht? Use the tool, then answer.' }
    const first = await client.messages.stream({ model: 'haiku', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, tools, messages: [ask] }).finalMessage()
    assert.equal(first.stop_reason, 'tool_use')
    const use = first.content.find((b) => b.type === 'tool_use')
    assert.ok(use?.type === 'tool_use')
    assert.deepEqual(use.input, { city: 'Utrecht' })
    const thought = first.content.find((b) => b.type === 'thinking')
    assert.ok(thought?.type === 'thinking' && thought.signature.length > 100)

    upstream.setResponder(() => ({ body: fixtureBytes('anthropic-messages', 'messages-stream-after-tool-result.sse'), headers: SSE, split: 'frames' }))
    const second = await client.messages
      .stream({
        model: 'haiku',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools,
        messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18°C' }] }],
      })
      .finalMessage()
    assert.match(second.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), /18°C/)
    const replayed = upstream.received.at(-1)!
    const assistant = (replayed.json() as { messages: { role: string; content: { type: string; signature?: string; thinking?: string }[] }[] }).messages[1]!
    assert.deepEqual(assistant.content[0], { type: 'thinking', thinking: thought.thinking, signature: thought.signature })
    assert.ok(replayed.body.includes(JSON.stringify(thought.signature)), 'the signature bytes as the upstream sent them')
  })

  it('a thinking block another provider signed is taken out before Anthropic sees it (it could not verify it)', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic-messages', 'messages-nonstream-tool-use.json'), headers: JSON_CT }))
    await client.messages.create({
      model: 'haiku',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 'switchyard:bedrock:EqoBCkYIAx' }, { type: 'text', text: 'hello' }] },
        { role: 'user', content: 'again' },
      ],
    })
    const assistant = (upstream.received.at(-1)!.json() as { messages: { content: unknown[] }[] }).messages[1]!
    assert.deepEqual(assistant.content, [{ type: 'text', text: 'hello' }])
  })

  it('errors reach the SDK as Anthropic’s: 529 overloaded, 429 with retry-after, 400 from upstream; an error event inside a started stream', async () => {
    const overloaded = readHttpFixture('anthropic', 'error-529-overloaded.http')
    upstream.setResponder(() => ({ status: 529, headers: Object.fromEntries(overloaded.headers), body: overloaded.body }))
    const e529 = await client.messages.create({ model: 'busy', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    assert.ok(e529 instanceof Anthropic.InternalServerError, String(e529))
    assert.equal(e529.status, 529)
    assert.equal((e529.error as { error: { type: string } }).error.type, 'overloaded_error')

    upstream.setResponder(() => ({ status: 429, headers: { ...JSON_CT, 'retry-after': '17' }, body: JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } }) }))
    const e429 = await client.messages.create({ model: 'busy', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    assert.ok(e429 instanceof Anthropic.RateLimitError, String(e429))
    assert.equal(e429.headers?.get('retry-after'), '17')
    assert.match(e429.message, /per-minute rate limit/)

    upstream.setResponder(() => ({ status: 400, headers: JSON_CT, body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'messages.1.content.0: Invalid `signature` in `thinking` block' } }) }))
    const e400 = await client.messages.create({ model: 'haiku', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    assert.ok(e400 instanceof Anthropic.BadRequestError, String(e400))
    assert.match(e400.message, /Invalid `signature`/)

    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-stream-error-overloaded.sse'), headers: SSE, split: 'frames' }))
    const stream = client.messages.stream({ model: 'haiku', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
    let text = ''
    stream.on('text', (t) => (text += t))
    const mid = await stream.finalMessage().catch((e: unknown) => e)
    assert.ok(mid instanceof Anthropic.APIError, String(mid))
    assert.match(mid.message, /overloaded_error/)
    assert.ok(text.length > 0, 'the text before the error reached the client')
  })

  it('the gateway’s own refusals are Anthropic-shaped: no key 401, unknown model 404, a missing max_tokens 400 (no upstream call)', async () => {
    const calls = upstream.received.length
    const noKey = new Anthropic({ baseURL: gw.url, apiKey: 'wrong', maxRetries: 0 })
    const e401 = await noKey.messages.create({ model: 'haiku', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    assert.ok(e401 instanceof Anthropic.AuthenticationError, String(e401))
    const e404 = await client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    assert.ok(e404 instanceof Anthropic.NotFoundError, String(e404))
    const res = await fetch(`${gw.url}/messages`, { method: 'POST', headers: { ...JSON_CT, 'x-api-key': CLIENT_KEY }, body: JSON.stringify({ model: 'haiku', messages: [{ role: 'user', content: 'x' }] }) })
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { type: 'error', error: { type: 'invalid_request_error', message: "Missing required parameter: 'max_tokens'." } })
    assert.equal(upstream.received.length, calls)
  })

  it('count_tokens: the native endpoint’s answer, relayed (marked exact); the SDK reads it', async () => {
    upstream.setResponder((req) => (req.path.startsWith('/v1/messages/count_tokens') ? { body: fixtureBytes('anthropic-messages', 'count-tokens-response.json'), headers: JSON_CT } : { status: 404, body: '{}' }))
    const sent = withModel(fixtureText('anthropic-messages', 'count-tokens-request.json'), 'claude-opus-5', 'haiku')
    const res = await fetch(`${gw.url}/v1/messages/count_tokens`, { method: 'POST', headers: { ...JSON_CT, 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' }, body: sent })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-switchyard-token-count'), 'exact')
    assert.equal(await res.text(), fixtureText('anthropic-messages', 'count-tokens-response.json'))
    assert.equal(upstream.received.at(-1)!.body, withModel(sent, 'haiku', MODEL))
    assert.equal(upstream.received.at(-1)!.path, '/v1/messages/count_tokens')
    const counted = await client.messages.countTokens({ model: 'haiku', messages: [{ role: 'user', content: 'Hello there' }] })
    assert.deepEqual(counted, { input_tokens: 10 })
  })

  it('count_tokens at an Anthropic-compatible server without the endpoint: the gateway’s estimate, marked, never a 404', async () => {
    upstream.setResponder(() => ({ status: 404, headers: JSON_CT, body: JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'Not Found' } }) }))
    const res = await fetch(`${gw.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { ...JSON_CT, 'x-api-key': CLIENT_KEY },
      body: JSON.stringify({ model: 'haiku', system: 'You are terse.', messages: [{ role: 'user', content: 'Hello there, how many tokens is this?' }] }),
    })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-switchyard-token-count'), 'estimated')
    const { input_tokens } = (await res.json()) as { input_tokens: number }
    assert.ok(input_tokens >= 15 && input_tokens < 60, String(input_tokens))
  })

  it('model discovery: with anthropic-version, GET /v1/models answers in Anthropic’s list shape (the SDK pages through it); without, OpenAI’s', async () => {
    const ids: string[] = []
    for await (const model of client.models.list({ limit: 2 })) ids.push(model.id)
    assert.deepEqual(ids, ['haiku', 'busy', `claude/${MODEL}`, `claude-busy/${MODEL}`])
    const one = await client.models.retrieve('haiku')
    assert.equal(one.type, 'model')
    assert.equal(one.display_name, 'haiku')
    assert.ok(!Number.isNaN(Date.parse(one.created_at)))
    const openai = (await (await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } })).json()) as { object: string }
    assert.equal(openai.object, 'list')
  })
})
