/**
 * The HTTP edges of the gateway, each of which once answered wrongly: bodies that are not JSON
 * (a browser's form post to an open gateway) get 415, a known path with another method 405,
 * deep nesting and malformed %-escapes 400, a trickled body 408, `GET /health` answers, CORS is
 * off unless configured and then covers JSON answers, streams, errors and preflights.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'

const chat = JSON.stringify({ model: 'demo', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] })

describe('HTTP edges', () => {
  let gw: TestGateway
  let cors: TestGateway
  before(async () => {
    const routes = `
providers:
  fake: { kind: fake, ttft_ms: 1, tokens_per_second: 10000 }
models:
  demo: fake/echo-1
`
    gw = await startTestGateway(`server: { body_timeout_ms: 300 }\n${routes}`)
    cors = await startTestGateway(`server: { cors: { allow_origins: [https://app.example] } }\n${routes}`)
  })
  after(async () => {
    await gw?.close()
    await cors?.close()
  })

  const post = (url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body })

  it('a body that is not JSON is a 415 in OpenAI’s shape; a missing content type is allowed', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post(gw.url, chat, { 'content-type': type })
      assert.equal(res.status, 415, type)
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unsupported_media_type')
    }
    const untyped = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', body: new TextEncoder().encode(chat) })
    assert.equal(untyped.status, 200)
    assert.equal((await post(gw.url, chat, { 'content-type': 'application/json; charset=utf-8' })).status, 200)
  })

  it('a known path with another method is a 405 naming what it takes; GET /health answers like liveness', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'GET' })
    assert.equal(res.status, 405)
    assert.equal(res.headers.get('allow'), 'POST')
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /use POST/)
    const health = await fetch(`${gw.url}/health`)
    assert.equal(health.status, 200)
    assert.deepEqual(await health.json(), { status: 'ok' })
  })

  it('deep nesting and a malformed %-escape are 400s, not 500s', async () => {
    const deep = `{"model":"demo","messages":[{"role":"user","content":"x"}],"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const nested = await post(gw.url, deep)
    assert.equal(nested.status, 400)
    assert.match(((await nested.json()) as { error: { message: string } }).error.message, /nested more than/)
    const escape = await fetch(`${gw.url}/v1/models/%ZZ`)
    assert.equal(escape.status, 400)
    assert.equal(((await escape.json()) as { error: { param: string } }).error.param, 'model')
  })

  it('a body trickled past server.body_timeout_ms gets a 408', async () => {
    const port = new URL(gw.url).port
    const socket = connect(Number(port), '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${chat.length}\r\n\r\n${chat.slice(0, 10)}`)
    let answer = ''
    socket.on('data', (d: Buffer) => (answer += d.toString()))
    const t0 = Date.now()
    await new Promise<void>((resolve) => socket.once('close', () => resolve()))
    assert.match(answer, /^HTTP\/1\.1 408/)
    assert.match(answer, /request_timeout/)
    assert.ok(Date.now() - t0 < 10_000)
  })

  it('CORS is off unless configured', async () => {
    const res = await post(gw.url, chat, { 'content-type': 'application/json', origin: 'https://app.example' })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('access-control-allow-origin'), null)
    await res.arrayBuffer()
  })

  it('with server.cors.allow_origins: preflight, JSON answers, streams and errors carry the headers for a listed origin only', async () => {
    const preflight = await fetch(`${cors.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example')
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/)
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization, content-type')
    const origin = { 'content-type': 'application/json', origin: 'https://app.example' }
    const json = await post(cors.url, chat, origin)
    assert.equal(json.headers.get('access-control-allow-origin'), 'https://app.example')
    assert.match(json.headers.get('access-control-expose-headers') ?? '', /x-request-id/)
    await json.arrayBuffer()
    const stream = await post(cors.url, JSON.stringify({ ...JSON.parse(chat), stream: true }), origin)
    assert.equal(stream.headers.get('access-control-allow-origin'), 'https://app.example')
    await stream.arrayBuffer()
    const error = await post(cors.url, JSON.stringify({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }), origin)
    assert.equal(error.status, 404)
    assert.equal(error.headers.get('access-control-allow-origin'), 'https://app.example')
    await error.arrayBuffer()
    const other = await post(cors.url, chat, { 'content-type': 'application/json', origin: 'https://evil.example' })
    assert.equal(other.headers.get('access-control-allow-origin'), null)
    await other.arrayBuffer()
  })
})
