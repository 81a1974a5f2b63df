/**
 * Requests finish on the config they started with: a reload that renames every provider and
 * deployment lands while requests are at every stage (their body still arriving, waiting for
 * the upstream's answer, streaming), and none of them fails; requests that start after it use
 * the new config.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startGateway, type RunningGateway } from '../../src/server.js'
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'

const SSE = { 'content-type': 'text/event-stream' }

function routes(url: string, provider: string, model: string): string {
  return `
providers:
  ${provider}: { kind: openai, base_url: ${url}/v1, models: [${model}] }
models:
  chat: ${provider}/${model}
`
}

/** Opens a chat request and sends half its body; `finish()` sends the rest and resolves with the answer. */
function halfSent(url: string, body: string): { finish(): Promise<{ status: number; text: string }> } {
  const target = new URL('/v1/chat/completions', url)
  let resolveAnswer: (a: { status: number; text: string }) => void = () => undefined
  let rejectAnswer: (err: Error) => void = () => undefined
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    resolveAnswer = resolve
    rejectAnswer = reject
  })
  const req = httpRequest(target, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (d: string) => (text += d))
    res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, text }))
  })
  req.on('error', rejectAnswer)
  const half = Math.floor(body.length / 2)
  req.write(body.slice(0, half))
  return {
    finish() {
      req.end(body.slice(half))
      return answer
    },
  }
}

describe('a reload while requests are in flight', () => {
  let dir: string
  let upstream: ReplayUpstream
  let gw: RunningGateway
  const file = () => path.join(dir, 'routes.yaml')

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-inflight-'))
    upstream = await startReplayUpstream((req) => {
      const stream = (req.json() as { stream?: boolean }).stream === true
      // Slow on purpose: the reload lands while the gateway waits for headers, or mid-stream.
      return stream
        ? { headers: SSE, body: fixtureBytes('openai', 'chat-stream-text.sse'), split: 'frames', delayMs: 20 }
        : { body: fixtureText('openai', 'chat-response-basic.json'), headersDelayMs: 300 }
    })
    writeFileSync(file(), routes(upstream.url, 'up', 'model-one'))
    gw = await startGateway({ config: { file: file(), env: {} }, port: 0, host: '127.0.0.1' })
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('renaming every deployment fails no request at any stage, and later requests use the new names', async () => {
    const body = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] })
    const streamBody = JSON.stringify({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hello' }] })
    const post = (b: string) => fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b })

    const arriving = halfSent(gw.url, body)
    const waiting = post(body)
    const streaming = await post(streamBody)
    assert.equal(streaming.status, 200)
    const streamText = streaming.text()
    // The upstream has the waiting request (its answer is 300 ms away) and the stream has begun.
    const deadline = Date.now() + 10_000
    while (upstream.received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))

    writeFileSync(file(), routes(upstream.url, 'renamed', 'model-two'))
    assert.equal(gw.reload('api').result, 'success')

    const answers = await Promise.all([arriving.finish(), waiting.then(async (r) => ({ status: r.status, text: await r.text() }))])
    for (const answer of answers) assert.equal(answer.status, 200, answer.text)
    assert.match(await streamText, /data: \[DONE\]/)
    assert.doesNotMatch(await streamText, /"error"/)
    // Each request went upstream with the model of the config it started on.
    const models = upstream.received.map((r) => (r.json() as { model: string }).model)
    assert.deepEqual(models.sort(), ['model-one', 'model-one', 'model-one'])

    const after = await post(body)
    assert.equal(after.status, 200)
    assert.equal(after.headers.get('x-switchyard-provider'), 'renamed')
    assert.equal((upstream.received.at(-1)?.json() as { model: string }).model, 'model-two')
  })
})
