/**
 * A route whose every deployment is cooling down after failures probes one of them (at most
 * once per cooldown period) instead of refusing every request until the cooldown ends: a short
 * burst of failures does not shut a one-deployment route for the whole cooldown.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startInProcessGateway, testClock, type InProcessGateway } from '../helpers/in-process.js'

const ok = () => ({ body: fixtureBytes('openai', 'chat-response-basic.json'), headers: { 'content-type': 'application/json' } })
const failing = () => ({ status: 500, body: '{"error":{"message":"boom","type":"server_error"}}', headers: { 'content-type': 'application/json' } })

describe('the last deployment is probed, not refused', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(failing)
    gw = await startInProcessGateway(
      `
server: { cooldown: { min_failures: 2, failure_ratio: 0.5, window_ms: 30000, duration_ms: 60000 } }
providers:
  a: { kind: openai, base_url: ${upstream.url}/a/v1, api_key: k }
  b: { kind: openai, base_url: ${upstream.url}/b/v1, api_key: k }
models:
  solo: { deployments: [{ target: a/gpt-4o }], retries: 0 }
  other: { deployments: [{ target: b/gpt-4o }], retries: 0 }
`,
      {},
      { clock: testClock() },
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const ask = (model = 'solo') => gw.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] })
  const status = async (model = 'solo'): Promise<number> => ask(model).then(() => 200, (e: unknown) => (e instanceof APIError ? (e.status ?? 0) : -1))

  it('after the breaker trips, a success of the early probe closes it again', async () => {
    upstream.setResponder(failing)
    assert.deepEqual([await status('other'), await status('other')], [502, 502])
    upstream.setResponder(ok)
    assert.equal(await status('other'), 200)
    assert.equal(await status('other'), 200)
  })

  it('a failed early probe keeps it shut for the period: the next request is refused without an upstream call', async () => {
    upstream.setResponder(failing)
    assert.deepEqual([await status(), await status()], [502, 502])
    // Tripped: the next request is the early probe, and it fails again.
    let before = upstream.received.length
    assert.equal(await status(), 502)
    assert.equal(upstream.received.length, before + 1, 'the probe reached the upstream')
    // The period's probe is spent: refused without an upstream call.
    before = upstream.received.length
    const refused = await ask().catch((e: unknown) => e)
    assert.ok(refused instanceof APIError && refused.status === 503, String(refused))
    assert.equal(upstream.received.length, before)
  })
})
