/**
 * Secrets stay secret and clients stay in their lane: no client or provider key in any log
 * line, metric, error body or response header; client headers cannot redirect the upstream
 * or replace the provider's key; label values stay bounded whatever a client sends.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { hashKey } from '../../src/config/resolve-access.js'
import { createLogger } from '../../src/logging/logger.js'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const MASTER = 'sk-master-SECRET-7a1c9e0b2d4f6a8c'
const TEAM = 'sk-sy-team-SECRET-3f5e7d9b1a2c4e6f'
const PROVIDER = 'sk-provider-SECRET-9d8c7b6a5f4e3d2c'
const SECRETS = [MASTER, TEAM, PROVIDER]

describe('access security', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway
  let logs = ''
  const seen: string[] = []

  before(async () => {
    upstream = await startReplayUpstream((req) => {
      const body = req.json() as { messages?: { content?: string }[] }
      // The upstream rejects its key when asked to, echoing part of it as OpenAI does.
      if (body.messages?.[0]?.content === 'upstream 401') return { status: 401, body: fixtureBytes('openai', 'error-401-invalid-api-key.json') }
      return { body: fixtureBytes('openai', 'chat-response-basic.json') }
    })
    const sink = new PassThrough()
    sink.on('data', (d: Buffer) => (logs += d.toString()))
    gw = await startInProcessGateway(
      `
server:
  master_key: \${MASTER}
  max_body_bytes: 4096
providers:
  up:
    kind: openai
    base_url: ${upstream.url}/v1
    api_key: \${PROVIDER_KEY}
    models: [gpt-4o-mini]
models:
  chat: up/gpt-4o-mini
keys:
  - { name: team, hash: "sha256:${hashKey(TEAM)}", models: ["up/*", chat], rpm: 1000 }
`,
      { MASTER, PROVIDER_KEY: PROVIDER },
      { logger: createLogger({ level: 'debug', destination: sink }) },
    )
  })
  after(async () => {
    await gw.close()
    await upstream.close()
  })

  const post = async (headers: Record<string, string>, body: unknown) => {
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })
    const text = await res.text()
    seen.push(text, JSON.stringify([...res.headers]))
    return { status: res.status, text }
  }
  const ask = (content: string, model = 'chat') => ({ model, messages: [{ role: 'user', content }] })

  it('client headers cannot choose the upstream host or replace the provider key', async () => {
    const before = upstream.received.length
    const r = await post(
      {
        authorization: `Bearer ${TEAM}`,
        'x-api-key': 'client-x-api-key',
        'api-key': 'client-azure-key',
        'x-forwarded-host': 'evil.example',
        'x-switchyard-base-url': 'http://evil.example',
        'openai-organization': 'client-org',
      },
      { ...ask('hello'), base_url: 'http://evil.example', api_key: 'client-body-key' },
    )
    assert.equal(r.status, 200)
    assert.equal(upstream.received.length - before, 1, 'the request went to the configured upstream')
    const got = upstream.received.at(-1)!
    assert.equal(got.headers.authorization, `Bearer ${PROVIDER}`)
    const headerText = JSON.stringify(got.headers)
    for (const leaked of [TEAM, 'client-x-api-key', 'client-azure-key', 'evil.example', 'client-org']) assert.ok(!headerText.includes(leaked), `upstream saw ${leaked}`)
  })

  it('an upstream that rejects its key: 502 naming the provider, no key in the body', async () => {
    const r = await post({ authorization: `Bearer ${MASTER}` }, ask('upstream 401'))
    assert.equal(r.status, 502)
    assert.match(r.text, /up/)
  })

  it('refused requests never echo the key, and oversized bodies are refused', async () => {
    assert.equal((await post({ authorization: `Bearer ${TEAM}x` }, ask('hi'))).status, 401)
    assert.equal((await post({ 'x-api-key': MASTER.slice(0, -1) }, ask('hi'))).status, 401)
    assert.equal((await post({ authorization: `Bearer ${TEAM}` }, { ...ask('x'), padding: 'y'.repeat(8000) })).status, 413)
  })

  it('label values stay bounded whatever model names and keys clients send', async () => {
    for (let i = 0; i < 20; i++) {
      await post({ authorization: `Bearer ${MASTER}` }, ask('hi', `up/client-model-${i}`))
      await post({ authorization: `Bearer ${TEAM}` }, ask('hi', `nope-${i}/model`))
      await post({ authorization: `Bearer sk-random-${i}` }, ask('hi'))
    }
    const metrics = await gw.metricsText()
    seen.push(metrics)
    assert.ok(!/client-model-|nope-|sk-random-/.test(metrics), 'a client-chosen value became a label')
    const values = new Set<string>()
    for (const m of metrics.matchAll(/\b(route|model|key|provider)="([^"]*)"/g)) values.add(`${m[1]}=${m[2]}`)
    assert.ok(values.size <= 12, `label values: ${[...values].join(', ')}`)
  })

  it('no key appears in a log line, metric, error body or header', () => {
    assert.ok(logs.length > 0, 'the logger captured something')
    for (const secret of SECRETS) {
      assert.ok(!logs.includes(secret), 'a key reached the logs')
      for (const text of seen) assert.ok(!text.includes(secret), 'a key reached a response or the metrics')
    }
  })
})
