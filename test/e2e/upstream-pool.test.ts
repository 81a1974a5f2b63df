/**
 * No hidden queue in front of a provider: a real upstream over real sockets holds every stream
 * open after its first token, and the gateway must have all of them open at once (LLM streams
 * last seconds to minutes; undici's old default of 256 per origin made the 257th wait inside the
 * gateway, invisibly). With `max_connections` set, the wait happens, and the metrics show it.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { fixtureBytes } from '../helpers/fixtures.js'
import { metricValue } from '../helpers/gateway.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'
import { serveLocally, type LocalServer } from '../helpers/local-server.js'

/** The recorded stream, cut after its first content event: that much goes out at once, the rest on release. */
const recorded = fixtureBytes('openai', 'chat-stream-text.sse').toString('utf8')
const events = recorded.split('\n\n').filter((e) => e.trim() !== '')
const head = `${events.slice(0, 2).join('\n\n')}\n\n`
const tail = `${events.slice(2).join('\n\n')}\n\n`

/** An upstream that holds every stream open after its first token until `release()`. */
async function holdingUpstream() {
  const held: ServerResponse[] = []
  let waiters: { count: number; resolve: () => void }[] = []
  const server = await serveLocally(async (req, res) => {
    for await (const _ of req) void _
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(head)
    held.push(res)
    waiters = waiters.filter((w) => (held.length >= w.count ? (w.resolve(), false) : true))
  })
  return {
    server,
    /** Resolves once `count` streams are open at the upstream at the same time. */
    open: (count: number) => new Promise<void>((resolve) => (held.length >= count ? resolve() : waiters.push({ count, resolve }))),
    held: () => held.length,
    release() {
      for (const res of held.splice(0)) res.end(tail)
    },
  }
}

const streamRequest = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], stream: true }) }

async function gatewayFor(server: LocalServer, maxConnections?: number): Promise<InProcessGateway> {
  return startInProcessGateway(`
providers:
  up:
    kind: openai
    base_url: ${server.url}/v1
    api_key: sk-upstream
    ${maxConnections === undefined ? '' : `max_connections: ${maxConnections}`}
models:
  chat: up/gpt-4o-2024-08-06
`)
}

describe('upstream connection pool', { timeout: 60_000 }, () => {
  const cleanup: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanup.reverse()) await c()
  })

  it('holds 300 concurrent streams to one provider open at once, none waiting inside the gateway', async () => {
    const up = await holdingUpstream()
    const gw = await gatewayFor(up.server)
    cleanup.push(() => up.server.close(), () => gw.close())
    const responses = await Promise.all(Array.from({ length: 300 }, () => gw.fetch('/v1/chat/completions', streamRequest)))
    await up.open(300)
    assert.equal(up.server.sockets.size, 300, 'one upstream connection per open stream')
    const metrics = await gw.metricsText()
    assert.equal(metricValue(metrics, 'switchyard_upstream_requests_in_flight', { provider: 'up' }), 300)
    assert.equal(metricValue(metrics, 'switchyard_upstream_queued_requests', { provider: 'up' }), 0)
    assert.equal(metricValue(metrics, 'switchyard_upstream_connection_waits_total', { provider: 'up' }) ?? 0, 0)
    up.release()
    const bodies = await Promise.all(responses.map((r) => r.text()))
    assert.ok(bodies.every((b) => b.includes("I'm") && b.trimEnd().endsWith('data: [DONE]')))
    assert.equal(metricValue(await gw.metricsText(), 'switchyard_upstream_requests_in_flight', { provider: 'up' }), 0)
  })

  it('with max_connections, a request beyond it waits for a free connection, and the metrics show the wait', async () => {
    const up = await holdingUpstream()
    const gw = await gatewayFor(up.server, 2)
    cleanup.push(() => up.server.close(), () => gw.close())
    const first = await Promise.all([gw.fetch('/v1/chat/completions', streamRequest), gw.fetch('/v1/chat/completions', streamRequest)])
    await up.open(2)
    const third = gw.fetch('/v1/chat/completions', streamRequest)
    // The third is sent by the gateway (counted in flight) but waits in the pool for a connection.
    for (;;) {
      const metrics = await gw.metricsText()
      if (metricValue(metrics, 'switchyard_upstream_queued_requests', { provider: 'up' }) === 1) {
        assert.equal(metricValue(metrics, 'switchyard_upstream_connection_waits_total', { provider: 'up' }), 1)
        assert.equal(metricValue(metrics, 'switchyard_upstream_requests_in_flight', { provider: 'up' }), 3)
        break
      }
      await new Promise((r) => setImmediate(r))
    }
    assert.equal(up.held(), 2, 'the upstream sees only two streams')
    up.release()
    await Promise.all(first.map((r) => r.text()))
    await up.open(1)
    up.release()
    assert.ok((await (await third).text()).includes("I'm"))
  })
})
