/**
 * Socket behaviour with a real gateway and a real upstream: a client disconnect reaches the
 * upstream at once; an upstream failure before the first byte is an HTTP error; after it, an
 * SSE error event and a clean close, never a hang.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'

const SSE = { 'content-type': 'text/event-stream' }

describe('stream failures and disconnects', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  before(async () => {
    upstream = await startReplayUpstream(() => ({ body: '' }))
    gw = await startTestGateway(`
server: { timeouts: { idle_ms: 400 } }
providers:
  up: { kind: openai, base_url: ${upstream.url}/v1 }
  down: { kind: openai, base_url: http://127.0.0.1:1/v1 }
models:
  chat: up/gpt-4o
  dead: down/gpt-4o
`)
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  it('a client disconnect aborts the upstream request', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('openai', 'chat-stream-text.sse'), headers: SSE, split: 'frames', delayMs: 300 }))
    const controller = new AbortController()
    const stream = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true }, { signal: controller.signal })
    const abortedBefore = upstream.aborted.length
    const t0 = Date.now()
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) controller.abort()
      }
    } catch {
      // the SDK throws on abort
    }
    while (upstream.aborted.length === abortedBefore && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10))
    assert.equal(upstream.aborted.length, abortedBefore + 1, 'the upstream saw the connection close')
    assert.ok(Date.now() - t0 < 1000, 'promptly')
    // The request is accounted as a client disconnect, and nothing stays in flight.
    for (let i = 0; i < 50 && metricValue(await gw.metricsText(), 'switchyard_requests_total', { route: 'chat', status: '499' }) === undefined; i++) await new Promise((r) => setTimeout(r, 20))
    assert.equal(metricValue(await gw.metricsText(), 'switchyard_requests_total', { route: 'chat', status: '499' }), 1)
    assert.equal(metricValue(await gw.metricsText(), 'switchyard_in_flight_requests', { endpoint: 'chat' }), 0)
  })

  it('an unreachable upstream before the first byte is an HTTP 503', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'dead', messages: [{ role: 'user', content: 'x' }], stream: true }) })
    assert.equal(res.status, 503)
    const body = (await res.json()) as { error: { message: string } }
    assert.match(body.error.message, /down/)
    assert.doesNotMatch(body.error.message, /127\.0\.0\.1/)
  })

  it('a stream that stalls after its first token ends with an error event, not a hang', async () => {
    const bytes = fixtureBytes('openai', 'chat-stream-text.sse')
    // Cut after the first frame that carries text (the role frame before it has "content":"").
    const firstText = /"content":"[^"]/.exec(bytes.toString('latin1'))!.index
    const cut = bytes.indexOf('\n\n', firstText) + 2
    upstream.setResponder(() => ({ body: bytes, headers: SSE, split: [cut], delayMs: 5000 }))
    const stream = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true })
    const t0 = Date.now()
    await assert.rejects(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
      /stalled/,
    )
    assert.ok(Date.now() - t0 < 2000)
  })

  it('a stream cut off mid-way ends with an error event', async () => {
    const bytes = fixtureBytes('openai', 'chat-stream-text.sse')
    const half = bytes.subarray(0, Math.floor(bytes.length / 2))
    upstream.setResponder(() => ({ body: half, headers: SSE }))
    const stream = await gw.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true })
    await assert.rejects(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
      /ended the stream|malformed/,
    )
  })
})
