/**
 * The exact-match response cache against a replay upstream that counts what reaches it: a hit
 * never reaches the upstream, a stream is served back as a stream, and cache-control bypasses it.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { metricValue } from '../helpers/gateway.js'
import { startInProcessGateway, testClock, type InProcessGateway } from '../helpers/in-process.js'

describe('response cache (memory)', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway
  const clock = testClock()
  before(async () => {
    upstream = await startReplayUpstream((req) => {
      const body = req.json() as { stream?: boolean }
      return body.stream === true
        ? { headers: { 'content-type': 'text/event-stream' }, body: fixtureBytes('openai', 'chat-stream-include-usage.sse'), split: 'frames' }
        : { body: fixtureBytes('openai', 'chat-response-basic.json') }
    })
    gw = await startInProcessGateway(`
cache: { ttl_seconds: 1, max_entries: 2 }
providers:
  up: { kind: openai, base_url: ${upstream.url}/v1, api_key: sk-upstream }
models:
  cached:
    cache: true
    deployments: [{ target: up/gpt-4o-mini }]
  plain: up/gpt-4o-mini
`,
      {},
      { clock },
    )
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    return { cache: res.headers.get('x-switchyard-cache'), text: await res.text(), res }
  }

  it('a repeated request (keys in any order) is a hit that never reaches the upstream', async () => {
    const before = upstream.received.length
    const miss = await post('{"model":"cached","messages":[{"role":"user","content":"hi"}],"temperature":0}')
    const hit = await post('{"temperature":0,"messages":[{"content":"hi","role":"user"}],"model":"cached"}')
    assert.equal(miss.cache, 'miss')
    assert.equal(hit.cache, 'hit')
    assert.equal(hit.text, miss.text)
    assert.equal(hit.res.headers.get('x-switchyard-cost-usd'), '0.00000000')
    assert.equal(upstream.received.length - before, 1)
    const other = await post('{"model":"cached","messages":[{"role":"user","content":"hi"}],"temperature":1}')
    assert.equal(other.cache, 'miss', 'other parameters are another entry')
    const text = await gw.metricsText()
    assert.equal(metricValue(text, 'switchyard_cache_requests_total', { route: 'cached', result: 'hit' }), 1)
    assert.equal(metricValue(text, 'switchyard_cache_requests_total', { route: 'cached', result: 'miss' }), 2)
  })

  it('a streamed request is served from the cache as the same stream', async () => {
    const body = { model: 'cached', messages: [{ role: 'user', content: 'stream me' }], stream: true, stream_options: { include_usage: true } }
    const readAll = async () => {
      const stream = await gw.client.chat.completions.create(body as Parameters<typeof gw.client.chat.completions.create>[0] & { stream: true }).withResponse()
      let text = ''
      let chunks = 0
      for await (const chunk of stream.data) {
        chunks++
        text += chunk.choices[0]?.delta.content ?? ''
      }
      return { cache: stream.response.headers.get('x-switchyard-cache'), text, chunks }
    }
    const before = upstream.received.length
    const miss = await readAll()
    const hit = await readAll()
    assert.equal(miss.cache, 'miss')
    assert.equal(hit.cache, 'hit')
    assert.ok(miss.text.length > 0)
    assert.deepEqual(hit, { ...miss, cache: 'hit' })
    assert.equal(upstream.received.length - before, 1)
  })

  it('cache-control: no-cache skips the lookup, no-store also skips keeping the answer', async () => {
    const body = '{"model":"cached","messages":[{"role":"user","content":"bypass"}]}'
    assert.equal((await post(body, { 'cache-control': 'no-store' })).cache, 'miss')
    assert.equal((await post(body)).cache, 'miss', 'no-store kept nothing')
    assert.equal((await post(body, { 'cache-control': 'no-cache' })).cache, 'miss')
    assert.equal((await post(body)).cache, 'hit')
  })

  it('routes without cache: true are never cached; entries expire and the LRU stays bounded', async () => {
    const plain = await post('{"model":"plain","messages":[{"role":"user","content":"x"}]}')
    assert.equal(plain.cache, null)
    const ask = (n: number) => post(`{"model":"cached","messages":[{"role":"user","content":"lru ${n}"}]}`)
    await ask(1)
    await ask(2)
    await ask(3)
    assert.equal((await ask(1)).cache, 'miss', 'max_entries 2: the least recently used went first')
    assert.equal((await ask(3)).cache, 'hit')
    clock.advance(999)
    assert.equal((await ask(3)).cache, 'hit', 'still within ttl_seconds 1')
    clock.advance(2)
    assert.equal((await ask(3)).cache, 'miss', 'ttl_seconds 1')
  })
})
