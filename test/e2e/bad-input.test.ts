/** Bad input gets an OpenAI-shaped error with the right status and a message that says what to fix. */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

describe('bad input', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway(`
server: { max_body_bytes: 2048 }
providers:
  fake: { kind: fake, ttft_ms: 1, tokens_per_second: 1000 }
  keyless: { kind: openai, base_url: http://127.0.0.1:9/v1, api_key: '\${MISSING_KEY}' }
models:
  demo: fake/echo-1
  needs-key: keyless/some-model
`)
  })
  after(() => gw.close())

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    const json = (await res.json()) as ErrorBody
    assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message', 'param', 'type'])
    return { status: res.status, error: json.error }
  }

  it('invalid JSON → 400 invalid_json', async () => {
    const r = await post('/v1/chat/completions', '{"model": "demo", ')
    assert.equal(r.status, 400)
    assert.equal(r.error.code, 'invalid_json')
  })

  it('missing messages → 400 naming the parameter', async () => {
    const r = await post('/v1/chat/completions', JSON.stringify({ model: 'demo' }))
    assert.equal(r.status, 400)
    assert.equal(r.error.param, 'messages')
    assert.match(r.error.message, /messages/)
  })

  it('ill-typed parameter → 400 naming it', async () => {
    const r = await post('/v1/chat/completions', JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }))
    assert.equal(r.status, 400)
    assert.equal(r.error.param, 'temperature')
    const bad = await post('/v1/chat/completions', JSON.stringify({ model: 'demo', messages: [{ role: 'wizard', content: 'x' }] }))
    assert.equal(bad.error.param, 'messages[0].role')
    assert.match(bad.error.message, /system.*user.*assistant/)
  })

  it('unknown model → 404 model_not_found naming the model and what exists', async () => {
    const r = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-17', messages: [{ role: 'user', content: 'x' }] }))
    assert.equal(r.status, 404)
    assert.equal(r.error.code, 'model_not_found')
    assert.match(r.error.message, /gpt-17/)
    assert.match(r.error.message, /demo/)
  })

  it('oversized body → 413', async () => {
    const r = await post('/v1/chat/completions', JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }))
    assert.equal(r.status, 413)
  })

  it('a provider whose key variable is unset → 503 naming the variable', async () => {
    const r = await post('/v1/chat/completions', JSON.stringify({ model: 'needs-key', messages: [{ role: 'user', content: 'x' }] }))
    assert.equal(r.status, 503)
    assert.match(r.error.message, /MISSING_KEY/)
  })

  it('unknown URL → 404 OpenAI-shaped', async () => {
    const res = await fetch(`${gw.url}/v1/nothing-here`)
    assert.equal(res.status, 404)
    const body = (await res.json()) as ErrorBody
    assert.match(body.error.message, /nothing-here/)
  })

  it('the SDK raises the matching exception classes', async () => {
    const { NotFoundError, BadRequestError } = await import('openai')
    await assert.rejects(gw.client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }), NotFoundError)
    await assert.rejects(gw.client.chat.completions.create({ model: 'demo', messages: [] }), BadRequestError)
  })

  it('paths without /v1 work too', async () => {
    const res = await fetch(`${gw.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] }) })
    assert.equal(res.status, 200)
    assert.ok(res.headers.get('x-request-id'))
  })
})
