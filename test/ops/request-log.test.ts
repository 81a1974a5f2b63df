/**
 * One JSON log line per request, with the facts and never the secrets; prompt text only when
 * server.log_content asks for it; the level follows server.log_level across reloads.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import OpenAI from 'openai'
import { createLogger, LOG_LEVELS } from '../../src/logging/logger.js'
import { readFileSync } from 'node:fs'
import { startGateway, type RunningGateway } from '../../src/server.js'

const SECRET = 'sk-upstream-secret-0123456789'
const CLIENT_KEY = 'sk-client-key-9876543210'

function routes(server: string): string {
  return `
server: { ${server} }
providers:
  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 2000, models: [echo-1] }
  down: { kind: openai, base_url: 'http://127.0.0.1:9', api_key: '\${DOWN_KEY}', models: [m] }
models:
  demo: fake/echo-1
  broken: down/m
`
}

describe('per-request log lines', () => {
  let dir: string
  let file: string
  let gateway: RunningGateway
  let client: OpenAI
  const lines: Record<string, unknown>[] = []
  let raw = ''

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-log-'))
    file = path.join(dir, 'routes.yaml')
    writeFileSync(file, routes('log_level: info'))
    const destination = new PassThrough()
    destination.on('data', (b: Buffer) => {
      raw += b.toString()
      for (const line of b.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>)
    })
    gateway = await startGateway({ config: { file, env: { DOWN_KEY: SECRET } }, port: 0, host: '127.0.0.1', logger: createLogger({ destination }), followLogLevel: true })
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 })
  })
  after(async () => {
    await gateway?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const requestLines = () => lines.filter((l) => l.msg === 'request')
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

  it('a streamed and a plain answer: ids, route, deployment, status, latency, ttft, tokens, attempts; no text', async () => {
    const stream = await client.chat.completions.create({ model: 'demo', stream: true, stream_options: { include_usage: true }, max_tokens: 5, messages: [{ role: 'user', content: 'the secret recipe' }] }, { headers: { 'x-request-id': 'req-stream-1' } })
    for await (const _ of stream);
    await client.chat.completions.create({ model: 'demo', max_tokens: 5, messages: [{ role: 'user', content: 'the secret recipe' }] }, { headers: { 'x-request-id': 'req-plain-1' } })
    await settle()
    const [streamed, plain] = requestLines()
    assert.ok(streamed && plain)
    assert.deepEqual(
      { ...streamed, time: 0, latencyMs: 0, ttftMs: 0 },
      { level: 30, time: 0, requestId: 'req-stream-1', endpoint: 'chat', route: 'demo', provider: 'fake', model: 'echo-1', deployment: 'fake/echo-1', status: 200, stream: true, latencyMs: 0, ttftMs: 0, promptTokens: streamed.promptTokens, completionTokens: 5, attempts: 1, costUsd: 0, msg: 'request' },
    )
    assert.ok(typeof streamed.ttftMs === 'number' && typeof streamed.latencyMs === 'number' && streamed.ttftMs <= streamed.latencyMs)
    assert.ok(typeof streamed.promptTokens === 'number' && streamed.promptTokens > 0)
    assert.equal(plain.requestId, 'req-plain-1')
    assert.equal(plain.stream, false)
    assert.equal(plain.ttftMs, undefined)
    assert.equal(plain.completionTokens, 5)
    assert.ok(!raw.includes('secret recipe'), 'no prompt text by default')
    assert.ok(!raw.includes('Echo'), 'no completion text by default')
  })

  it('a failed upstream: status and route logged, neither key anywhere in the log', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] }))
    await settle()
    const failed = requestLines().at(-1)!
    assert.equal(failed.route, 'broken')
    assert.equal(failed.level, 40)
    assert.ok(Number(failed.status) >= 500)
    assert.equal(failed.errorKind, 'unavailable')
    assert.equal(requestLines().filter((l) => l.route === 'broken').length, 1, 'one line, not one per layer')
    assert.ok(!raw.includes(SECRET) && !raw.includes(CLIENT_KEY))
  })

  it('a request refused before routing gets its line too', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-request-id': 'req-unknown-1' } }))
    await settle()
    const refused = requestLines().filter((l) => l.requestId === 'req-unknown-1')
    assert.equal(refused.length, 1)
    assert.deepEqual({ ...refused[0], time: 0, latencyMs: 0 }, { level: 30, time: 0, requestId: 'req-unknown-1', endpoint: 'chat', route: 'unknown', provider: 'none', model: 'none', status: 404, stream: false, latencyMs: 0, errorKind: 'not_found', msg: 'request' })
  })

  it('routes.schema.json accepts exactly the levels LOG_LEVEL does', () => {
    const schema = JSON.parse(readFileSync(new URL('../../routes.schema.json', import.meta.url), 'utf8')) as { definitions: { server: { properties: { log_level: { enum: string[] } } } } }
    assert.deepEqual(schema.definitions.server.properties.log_level.enum, [...LOG_LEVELS])
  })

  it('server.log_content adds the prompt and completion; log_level applies on reload', async () => {
    writeFileSync(file, routes('log_level: info, log_content: true'))
    assert.equal(gateway.reload('api').result, 'success')
    await client.chat.completions.create({ model: 'demo', max_tokens: 3, messages: [{ role: 'user', content: 'the secret recipe' }] })
    await settle()
    const withContent = requestLines().at(-1)!
    assert.deepEqual(withContent.messages, [{ role: 'user', content: 'the secret recipe' }])
    assert.match(String(withContent.completion), /^Echo/)

    writeFileSync(file, routes('log_level: warn'))
    assert.equal(gateway.reload('api').result, 'success')
    const before = requestLines().length
    await client.chat.completions.create({ model: 'demo', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] })
    await settle()
    assert.equal(requestLines().length, before, 'info lines are off at warn')
  })
})
