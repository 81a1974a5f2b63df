/**
 * A Responses stream whose first token is slow has already started (keep-alive comments), so a
 * failure after that is reported inside the stream in the Responses API's shape: `error`, then
 * `response.failed`, numbered from 0 — not OpenAI chat's `data: {"error":…}`.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { parseResponsesSse } from '../helpers/responses-grammar.js'

describe('Responses stream kept alive, then failed', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, headersDelayMs: 400, body: '{"error":{"message":"boom","type":"server_error","param":null,"code":null}}' }))
    gw = await startTestGateway(`
providers:
  chat: { kind: openai, base_url: "${upstream.url}/v1", api_key: k }
models:
  slow:
    deployments: [{ target: chat/m }]
    timeouts: { keepalive_ms: 50 }
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('sends keep-alive comments, then error and response.failed', async () => {
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow', input: 'hi', stream: true }) })
    assert.equal(res.status, 200)
    const text = await res.text()
    assert.match(text, /^: keep-alive\n\n/)
    const events = parseResponsesSse(text)
    assert.deepEqual(events.map((e) => e.data.type), ['response.created', 'response.in_progress', 'error', 'response.failed'])
    assert.deepEqual(events.map((e) => e.data.sequence_number), [0, 1, 2, 3])
    assert.equal((events[3]!.data.response as { id: string }).id, (events[0]!.data.response as { id: string }).id)
  })
})
