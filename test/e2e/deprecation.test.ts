/**
 * Model lifecycle in routes.yaml, through the openai SDK with an injected clock: a deprecated
 * alias is served with Deprecation (RFC 9745), Sunset (RFC 8594) and a successor Link; after the
 * sunset it answers 410 naming the successor, or serves the successor when the route says so;
 * switchyard_deprecated_requests_total shows who still calls it; `switchyard check` warns; and an
 * upstream 404 for a retired snapshot moves the request to the successor.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { describeConfig } from '../../src/config/describe.js'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startInProcessGateway, testClock, type InProcessGateway, type TestClock } from '../helpers/in-process.js'

const JSON_CT = { 'content-type': 'application/json' }
const DAY = 86_400_000

describe('deprecation and sunset', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway
  let clock: TestClock

  before(async () => {
    upstream = await startReplayUpstream((req) =>
      req.path === '/v1/messages'
        ? { status: 404, body: fixtureBytes('anthropic', 'error-404-not-found.json'), headers: JSON_CT }
        : { body: fixtureBytes('openai', 'chat-response-basic.json'), headers: JSON_CT },
    )
    clock = testClock(Date.UTC(2026, 0, 1))
    gw = await startInProcessGateway(
      `
providers:
  oai: { kind: openai, base_url: ${upstream.url}/v1, api_key: k }
  claude: { kind: anthropic, base_url: ${upstream.url}, api_key: k }
models:
  new-chat: oai/gpt-4o
  old-chat:
    deployments: [{ target: oai/gpt-4o-mini }]
    deprecated: { since: 2025-12-01, sunset: 2026-01-10, successor: new-chat, message: See the migration guide. }
  old-redirect:
    deployments: [{ target: oai/gpt-4o-mini }]
    deprecated: { sunset: 2026-01-10, successor: new-chat, after_sunset: redirect }
  snapshot:
    deployments:
      - target: claude/claude-3-opus-20240229
        deprecated: { successor: new-chat }
  mixed:
    deployments:
      - target: oai/gpt-4o-2024-05-13
        deprecated: { since: 2025-11-01, sunset: 2026-03-01, successor: new-chat }
`,
      {},
      { clock },
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const ask = (model: string) => gw.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse()

  it('before the sunset: served, with Deprecation, Sunset and a successor Link', async () => {
    const { response } = await ask('old-chat')
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('deprecation'), `@${Date.UTC(2025, 11, 1) / 1000}`)
    assert.equal(response.headers.get('sunset'), 'Sat, 10 Jan 2026 00:00:00 GMT')
    assert.equal(response.headers.get('link'), '</v1/models/new-chat>; rel="successor-version"')
    assert.equal((upstream.received.at(-1)!.json() as { model: string }).model, 'gpt-4o-mini')
    const fresh = await ask('new-chat')
    assert.equal(fresh.response.headers.get('deprecation'), null)
  })

  it('a deprecated deployment of a live alias says so when it serves the answer', async () => {
    const { response } = await ask('mixed')
    assert.equal(response.headers.get('deprecation'), `@${Date.UTC(2025, 10, 1) / 1000}`)
    assert.equal(response.headers.get('sunset'), 'Sun, 01 Mar 2026 00:00:00 GMT')
    assert.equal(response.headers.get('link'), '</v1/models/new-chat>; rel="successor-version"')
  })

  it('the metric counts who still calls it', async () => {
    const text = await gw.metricsText()
    assert.match(text, /switchyard_deprecated_requests_total\{route="old-chat",key="none",phase="deprecated"\} 1/)
  })

  it('`switchyard check` warns as the sunset nears and once it has passed', () => {
    const config = gw.deps.config()
    assert.match(describeConfig(config, clock.now()), /models\.old-chat reaches its sunset in 9 day\(s\) \(2026-01-10; successor: new-chat\)/)
    assert.match(describeConfig(config, clock.now() + 20 * DAY), /models\.old-chat is past its sunset \(2026-01-10\): requests are refused with 410/)
    assert.match(describeConfig(config, clock.now() + 20 * DAY), /models\.old-redirect is past its sunset \(2026-01-10\): requests are redirected to 'new-chat'/)
  })

  it('after the sunset: 410 naming the successor, nothing sent upstream', async () => {
    clock.advance(10 * DAY)
    const before = upstream.received.length
    const err = await ask('old-chat').catch((e: unknown) => e)
    assert.ok(err instanceof APIError, String(err))
    assert.equal(err.status, 410)
    assert.equal(err.code, 'model_retired')
    assert.match(err.message, /'old-chat' was retired on 2026-01-10\. Use 'new-chat' instead\. See the migration guide\./)
    assert.equal(err.headers?.get('link'), '</v1/models/new-chat>; rel="successor-version"')
    assert.equal(upstream.received.length, before)
  })

  it('after the sunset, a redirecting route is served by its successor, and says so', async () => {
    const { response } = await ask('old-redirect')
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('x-switchyard-redirected-from'), 'old-redirect')
    assert.equal((upstream.received.at(-1)!.json() as { model: string }).model, 'gpt-4o')
    assert.match(await gw.metricsText(), /switchyard_deprecated_requests_total\{route="old-redirect",key="none",phase="redirected"\} 1/)
  })

  it('an upstream 404 for a retired snapshot moves the request to its successor, counted as a fallback', async () => {
    const { response } = await ask('snapshot')
    assert.equal(response.status, 200)
    assert.equal(upstream.received.at(-2)!.path, '/v1/messages')
    assert.equal((upstream.received.at(-1)!.json() as { model: string }).model, 'gpt-4o')
    assert.equal(response.headers.get('x-switchyard-fallback'), 'new-chat')
    assert.match(await gw.metricsText(), /switchyard_fallbacks_total\{from="snapshot",to="new-chat"\} 1/)
  })
})
