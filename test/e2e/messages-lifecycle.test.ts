/**
 * What the lifecycle gives the Messages door, seen from an Anthropic client: `ping` events while
 * the first token is slow (Anthropic's own keep-alive), one `event: error` when the upstream
 * fails after the answer started, the upstream cancelled when the client goes away, no response
 * cache by default, and a key's limits and spend counted from Anthropic's usage (cache tokens
 * included).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { parseSse } from '../helpers/messages-grammar.js'
import { anthropicGuard } from '../helpers/provider-guards.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'

const KEY = 'sk-ant-upstream'
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_CT = { 'content-type': 'application/json' }
const ask = (model: string, stream: boolean) => JSON.stringify({ model, max_tokens: 100, stream, messages: [{ role: 'user', content: 'hi' }] })

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('the lifecycle behind the Messages door', () => {
  let upstream: ReplayUpstream
  let openai: ReplayUpstream
  let gw: TestGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: anthropicGuard(KEY) })
    openai = await startReplayUpstream(() => ({ body: fixtureBytes('openai', 'chat-stream-include-usage.sse'), headers: SSE }))
    gw = await startTestGateway(`
providers:
  claude: { kind: anthropic, base_url: ${upstream.url}, api_key: ${KEY}, models: [claude-sonnet-4-5-20250929] }
  slow: { kind: anthropic, base_url: ${upstream.url}, api_key: ${KEY} }
  overloaded: { kind: anthropic, base_url: ${upstream.url}, api_key: ${KEY} }
  oai: { kind: openai, base_url: ${openai.url}/v1, api_key: sk-openai }
models:
  mixed:
    strategy: ordered
    retries: 1
    deployments: [{ target: overloaded/claude-sonnet-4-5-20250929 }, { target: oai/gpt-4o }]
  sonnet:
    deployments: [{ target: claude/claude-sonnet-4-5-20250929 }]
    cache: true
  thinker:
    deployments: [{ target: slow/claude-sonnet-4-5-20250929 }]
    timeouts: { ttft_ms: 5000, keepalive_ms: 100 }
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
    await openai?.close()
  })

  const post = (model: string, stream: boolean, signal?: AbortSignal) => fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { ...JSON_CT, 'anthropic-version': '2023-06-01' }, body: ask(model, stream), ...(signal === undefined ? {} : { signal }) })

  it('a slow first token: Anthropic `ping` events keep the connection busy, then the stream; the SDK reads it as usual', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-stream-text.sse'), headers: SSE, headersDelayMs: 450 }))
    const res = await post('thinker', true)
    assert.equal(res.status, 200)
    const events = parseSse(await res.text())
    const pings = events.findIndex((e) => e.event !== 'ping')
    assert.ok(pings >= 2, `${pings} pings before message_start`)
    assert.deepEqual(events[0], { event: 'ping', data: { type: 'ping' } })
    assert.equal(events[pings]!.event, 'message_start')
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 })
    const final = await client.messages.stream({ model: 'thinker', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage()
    assert.match(final.content[0]!.type === 'text' ? final.content[0].text : '', /^Hello! I'm doing well/)
  })

  it('a failure before the first token, after pings went out: one `event: error` the SDK raises', async () => {
    upstream.setResponder(() => ({ status: 529, headers: JSON_CT, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', headersDelayMs: 300 }))
    const res = await post('thinker', true)
    assert.equal(res.status, 200)
    const events = parseSse(await res.text())
    assert.ok(events.slice(0, -1).every((e) => e.event === 'ping'))
    assert.deepEqual(events.at(-1), { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'slow: Overloaded' } } })
  })

  it('the client goes away mid-stream: the upstream request is cancelled', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-stream-text.sse'), headers: SSE, split: 'frames', delayMs: 300 }))
    const abortedBefore = upstream.aborted.length
    const controller = new AbortController()
    const res = await post('sonnet', true, controller.signal)
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    await reader.cancel().catch(() => undefined)
    await waitFor(() => upstream.aborted.length > abortedBefore, 'the upstream request to be aborted')
    await waitFor(async () => metricValue(await gw.metricsText(), 'switchyard_in_flight_requests', { endpoint: 'messages' }) === 0, 'the request to end')
    assert.ok((metricValue(await gw.metricsText(), 'switchyard_requests_total', { endpoint: 'messages', route: 'sonnet', status: '499' }) ?? 0) >= 1, 'counted as a client that went away')
  })

  it('one route, two protocols: Anthropic answers 529 before the first byte, the OpenAI deployment answers, translated', async () => {
    upstream.setResponder(() => ({ status: 529, headers: JSON_CT, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }))
    const res = await post('mixed', true)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-switchyard-attempts'), '2')
    assert.equal(res.headers.get('x-switchyard-provider'), 'oai')
    const events = parseSse(await res.text())
    assert.equal(events[0]!.event, 'message_start')
    assert.equal(events.at(-1)!.event, 'message_stop')
    assert.equal((openai.received.at(-1)!.json() as { model: string }).model, 'gpt-4o')
  })

  it('no response cache for this door, even on a route with cache: true (agents rarely repeat a request)', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic', 'messages-response-text.json'), headers: JSON_CT }))
    const calls = upstream.received.length
    const first = await post('sonnet', false)
    const second = await post('sonnet', false)
    assert.equal(first.status, 200)
    assert.equal(second.status, 200)
    assert.equal(second.headers.get('x-switchyard-cache'), null)
    assert.equal(upstream.received.length - calls, 2)
  })

  it('tokens and spend from Anthropic’s usage: prompt = input + cache reads + cache writes; cost uses the cached price for reads', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('anthropic-messages', 'messages-nonstream-cache-read-usage.json'), headers: JSON_CT }))
    const recorded = JSON.parse(fixtureText('anthropic-messages', 'messages-nonstream-cache-read-usage.json')) as { usage: { input_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number; output_tokens: number } }
    const u = recorded.usage
    const before = metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: 'sonnet', type: 'prompt' }) ?? 0
    const res = await post('sonnet', false)
    assert.equal(res.status, 200)
    const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens
    assert.equal((metricValue(await gw.metricsText(), 'switchyard_tokens_total', { route: 'sonnet', type: 'prompt' }) ?? 0) - before, prompt)
    // claude-sonnet-4-5: $3 input, $0.30 cached input, $15 output per million.
    const expected = ((prompt - u.cache_read_input_tokens) * 3 + u.cache_read_input_tokens * 0.3 + u.output_tokens * 15) / 1e6
    assert.equal(Number(res.headers.get('x-switchyard-cost-usd')), Number(expected.toFixed(8)))
  })
})
