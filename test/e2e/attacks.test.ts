/**
 * The attack suite (issue #10): one block per class of attack that once got through, each
 * first run against the code it found wanting. Every gateway here is real (a socket, the
 * config parser, the router), every upstream a local server that behaves as a hostile one
 * would, and Redis the real redis-server.
 *
 * The model name is checked before routing (for every front door), client-chosen names reach
 * headers only bounded, every error an attempt ends with is redacted, and usage is validated.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request, type IncomingHttpHeaders } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { parseConfig } from '../../src/config/load.js'
import { createLogger } from '../../src/logging/logger.js'
import { startGateway, type RunningGateway } from '../../src/server.js'
import { startCli, type CliProcess } from '../helpers/cli-process.js'
import { fixtureBytes } from '../helpers/fixtures.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { serveLocally, type LocalServer } from '../helpers/local-server.js'
import { startRedis, type TestRedis } from '../helpers/redis-server.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { heapMbAfterGc as heapMb } from '../helpers/heap.js'


const MB = 1024 * 1024
const JSON_CT = { 'content-type': 'application/json' }
const CHAT_OK = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
})

interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/**
 * A POST through node:http with a header limit large enough to read any answer, so a test can
 * look at what the gateway sent (a client with the default 16 KiB limit fails on a huge header).
 */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, maxHeaderSize: 64 * MB, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** A log destination that keeps each JSON line. */
function logSink(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra })

/** A unique string of `bytes` characters that is otherwise a plausible model id. */
const longName = (i: number, bytes: number) => `m${i}-${'x'.repeat(bytes)}`

describe('class 1: model names a client chooses', () => {
  let upstream: LocalServer
  let gw: TestGateway
  before(async () => {
    // Not the replay upstream: it keeps every request body, which would be the test's own heap.
    upstream = await serveLocally(async (req, res) => {
      for await (const _ of req) void _
      res.writeHead(200, JSON_CT)
      res.end(CHAT_OK)
    })
    gw = await startTestGateway(`
server: { max_body_bytes: 8388608 }
providers:
  up: { kind: openai, base_url: ${upstream.url}/v1, api_key: sk-up-key-0123456789 }
models:
  chat: up/declared
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('50 requests naming 3.5 MB models leave the heap where it was', async () => {
    const url = `${gw.url}/v1/chat/completions`
    await post(url, chat('up/warm-up'))
    const before = heapMb()
    for (let i = 0; i < 50; i++) {
      const res = await post(url, chat(`up/${longName(i, 3.5 * MB)}`))
      // Longer than any model name may be: refused before routing, so no state is kept for it.
      assert.equal(res.status, 400, res.text.slice(0, 200))
      assert.ok((res.headers['x-switchyard-deployment'] ?? '').length <= 256)
    }
    const grown = heapMb() - before
    console.log(`# heap growth after 50 requests naming 3.5 MB models: ${grown.toFixed(1)} MB`)
    assert.ok(grown < 40, `the heap grew by ${grown.toFixed(1)} MB`)
  })

  it('a model name with control, non-ASCII or too many characters is a 400 naming model, before any upstream call', async () => {
    const url = `${gw.url}/v1/chat/completions`
    for (const model of ['up/模型', 'up/a\r\nX: 1', `up/${longName(0, 3.5 * MB)}`, 'up/x?key=1&y=']) {
      for (const stream of [false, true]) {
        const res = await post(url, chat(model, { stream }))
        assert.equal(res.status, 400, res.text.slice(0, 300))
        assert.match(String(res.headers['content-type']), /application\/json/)
        const body = JSON.parse(res.text) as { error: { param: string; message: string } }
        assert.equal(body.error.param, 'model')
        assert.match(body.error.message, /1 to 512 characters/)
      }
    }
    const metrics = await gw.metricsText()
    assert.equal(metricValue(metrics, 'switchyard_in_flight_requests') ?? 0, 0)
  })

  it('the deployment header echoes a client-chosen name only bounded', async () => {
    const res = await post(`${gw.url}/v1/chat/completions`, chat(`up/${'n'.repeat(500)}`))
    assert.equal(res.status, 200)
    assert.ok(String(res.headers['x-switchyard-deployment']).length <= 256)
  })
})

describe('class 2: path and query injection into provider URLs', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  before(async () => {
    upstream = await startReplayUpstream(() => ({ body: fixtureBytes('gemini', 'generate-content-response-text.json'), headers: JSON_CT }))
    gw = await startTestGateway(`
providers:
  gem: { kind: gemini, base_url: ${upstream.url}/v1beta, api_key: AIza-attack-test-key }
  az: { kind: azure, base_url: ${upstream.url}, api_key: az-attack-test-key, api_version: 2024-10-21 }
models:
  chat: gem/gemini-2.0-flash
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('a model name cannot leave its path segment: the upstream receives only the adapter path', async () => {
    const cases: [string, string][] = [
      ['gem/../../../admin/x', '/v1beta/models/..%2F..%2F..%2Fadmin%2Fx:generateContent'],
      ['gem/x?key=1&y=', '/v1beta/models/x%3Fkey%3D1%26y%3D:generateContent'],
      ['gem/x#frag', '/v1beta/models/x%23frag:generateContent'],
      ['gem/%2e%2e', '/v1beta/models/%252e%252e:generateContent'],
    ]
    for (const [model, path] of cases) {
      const before = upstream.received.length
      const res = await post(`${gw.url}/v1/chat/completions`, chat(model))
      if (res.status === 400) {
        // The model-name check refused it first: nothing reached the upstream.
        assert.equal(upstream.received.length, before, model)
        continue
      }
      assert.equal(res.status, 200, `${model}: ${res.text.slice(0, 200)}`)
      assert.equal(upstream.received.at(-1)!.path, path, model)
    }
    for (const r of upstream.received) assert.match(r.path, /^\/v1beta\/models\/[^/?#]+:generateContent$/)
  })

  it('a dot-segment name is a 400, never a request to a parent path', async () => {
    const before = upstream.received.length
    const res = await post(`${gw.url}/v1/chat/completions`, chat('az/..'))
    assert.equal(res.status, 400, res.text)
    assert.equal((JSON.parse(res.text) as { error: { param: string } }).error.param, 'model')
    assert.equal(upstream.received.length, before)
  })
})

describe('class 4: state.fail_open false keeps every protection while Redis is frozen', () => {
  let redis: TestRedis
  let upstream: LocalServer
  let gw: RunningGateway
  const lines: Record<string, unknown>[] = []
  before(async () => {
    redis = await startRedis()
    upstream = await serveLocally(async (req, res) => {
      for await (const _ of req) void _
      res.writeHead(200, JSON_CT)
      res.end(CHAT_OK)
    })
    const sink = logSink(lines)
    const config = parseConfig(
      `
state: { backend: redis, url: ${redis.url}, fail_open: false }
providers:
  up: { kind: openai, base_url: ${upstream.url}/v1, api_key: sk-up-key-0123456789 }
models:
  limited:
    deployments: [{ target: up/limited, rpm: 30 }]
`,
      'routes.yaml',
      {},
    )
    gw = await startGateway({ config, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'info', destination: sink }) })
  })
  after(async () => {
    if (redis !== undefined) await redis.close()
    await gw?.close()
    await upstream?.close()
  })

  const stateUp = async () => metricValue(await (await fetch(`${gw.url}/metrics`)).text(), 'switchyard_state_up')
  /** Log lines from here on are the outage's. */
  let mark = 0

  it('an rpm-30 deployment takes 30 of 100 requests, the outage is logged once without a stack, and state_up turns 0', async () => {
    assert.equal(await stateUp(), 1)
    mark = lines.length
    redis.pause()
    const started = Date.now()
    let accepted = 0
    const statuses = new Map<number, number>()
    for (let i = 0; i < 100; i++) {
      const res = await post(`${gw.url}/v1/chat/completions`, chat('limited'))
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      if (res.status === 200) accepted++
    }
    console.log(`# accepted through an rpm-30 deployment with Redis frozen: ${accepted} of 100 (${JSON.stringify([...statuses])}) in ${Date.now() - started} ms`)
    assert.equal(accepted, 30)
    assert.equal(statuses.get(429), 70, 'the rest are told to retry later')
    // The health check notices a Redis that answers nothing, not only a closed connection.
    const deadline = Date.now() + 20_000
    while ((await stateUp()) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    assert.equal(await stateUp(), 0)
    const warnings = lines.slice(mark).filter((l) => (l.level as number) >= 40)
    assert.equal(warnings.length, 1, JSON.stringify(warnings, null, 1).slice(0, 2000))
    assert.match(String(warnings[0]!.msg), /unreachable/)
    assert.ok(!lines.some((l) => JSON.stringify(l).includes('"stack"')), 'no stack in any log line')
  })

  it('back up: logged once more, state_up 1, and the deployment is counted in Redis again', async () => {
    redis.resume()
    const deadline = Date.now() + 20_000
    while ((await stateUp()) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    assert.equal(await stateUp(), 1)
    assert.equal(lines.filter((l) => /state store \(redis\) connected/.test(String(l.msg))).length, 2, 'connected at start-up and once on return')
    assert.equal(lines.slice(mark).filter((l) => (l.level as number) >= 40).length, 1, 'no warning after the one for the outage')
  })
})

describe('class 5: what an upstream sends is bounded', () => {
  const HUGE = 50 * MB
  /** Bytes each hostile answer got out before the gateway hung up. */
  const sent: number[] = []
  let upstream: LocalServer
  let cli: CliProcess
  let url: string
  let dir: string

  before(async () => {
    upstream = await serveLocally(async (req, res) => {
      for await (const _ of req) void _
      const stream = req.url?.includes('line') === true
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' })
      const head = stream ? 'data: {"choices":[{"index":0,"delta":{"content":"' : '{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"'
      let written = 0
      let closed = false
      res.on('close', () => (closed = true))
      res.write(head)
      const piece = Buffer.alloc(64 * 1024, 'a')
      while (written < HUGE && !closed) {
        written += piece.length
        if (!res.write(piece)) {
          await new Promise<void>((resolve) => {
            const go = () => {
              res.off('drain', go).off('close', go)
              resolve()
            }
            res.once('drain', go).once('close', go)
          })
        }
      }
      sent.push(written)
      if (!closed) res.end(stream ? '"}}]}\n\n' : '"},"finish_reason":"stop"}]}')
    })
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-attacks-'))
    writeFileSync(
      path.join(dir, 'routes.yaml'),
      `
providers:
  body: { kind: openai, base_url: ${upstream.url}/body/v1, api_key: sk-up-key-0123456789 }
  line: { kind: openai, base_url: ${upstream.url}/line/v1, api_key: sk-up-key-0123456789 }
models:
  huge-body: body/m
  huge-line: line/m
`,
    )
    cli = startCli(['serve', '--config', path.join(dir, 'routes.yaml'), '--port', '0', '--host', '127.0.0.1'])
    // Starting through tsx takes many seconds on a loaded machine: wait generously.
    url = String((await cli.waitForLog((l) => l.msg === 'switchyard is listening', 120_000)).url)
  })
  after(async () => {
    await cli?.kill()
    await upstream?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  /** The gateway process's resident memory at its peak, in MB. */
  const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${cli.child.pid}/status`, 'utf8'))![1]) / 1024

  it('8 answers of 50 MB at once (a body, a stream line) are 502s naming the limit; memory stays bounded; connections are dropped', async () => {
    await post(`${url}/v1/chat/completions`, chat('huge-body', { max_tokens: 1 })).catch(() => undefined)
    const started = peakRssMb()
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(`${url}/v1/chat/completions`, chat(i % 2 === 0 ? 'huge-body' : 'huge-line', { stream: i % 2 === 1 }))),
    )
    const peak = peakRssMb()
    console.log(`# gateway peak RSS with 8 x 50 MB upstream answers: ${peak.toFixed(0)} MB (${started.toFixed(0)} MB before)`)
    for (const a of answers) {
      assert.equal(a.status, 502, a.text.slice(0, 300))
      const error = (JSON.parse(a.text) as { error: { message: string; code: string } }).error
      assert.match(error.message, /larger than the gateway's limit of 16 MiB \(server\.upstream_limits\.max_(body|event)_bytes\)/)
    }
    assert.ok(peak < 700, `peak RSS ${peak.toFixed(0)} MB`)
    assert.ok(sent.length >= 8 && sent.every((n) => n < 40 * MB), `bytes sent before the gateway hung up: ${sent.map((n) => (n / MB).toFixed(1)).join(', ')} MB`)
  })
})

describe('class 7: provider keys are never echoed', () => {
  const KEY = 'sk-ant-attack-test-key-0123456789'
  const GKEY = 'AIza-attack-test-key-0123456789'
  let upstream: ReplayUpstream
  let gw: TestGateway
  /** What the upstream answers: every kind's error shape, quoting the key it was sent. */
  const echo = (path: string, key: string, stream: boolean) => {
    const quote = `your key ${key} (or ?key=${encodeURIComponent(key)}) is not allowed`
    if (path.startsWith('/anthropic')) {
      if (stream) return { body: `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: quote } })}\n\n`, headers: { 'content-type': 'text/event-stream' } }
      return { status: 400, body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: quote } }), headers: JSON_CT }
    }
    if (stream) return { body: `data: ${JSON.stringify({ error: { code: 500, message: quote, status: 'INTERNAL' } })}\n\n`, headers: { 'content-type': 'text/event-stream' } }
    return { status: 400, body: JSON.stringify({ error: { code: 400, message: quote, status: 'INVALID_ARGUMENT' } }), headers: JSON_CT }
  }
  before(async () => {
    upstream = await startReplayUpstream((req) => echo(req.path, req.path.startsWith('/anthropic') ? KEY : GKEY, req.path.includes('alt=sse') || (req.path.startsWith('/anthropic') && (req.json() as { stream?: boolean }).stream === true)))
    gw = await startTestGateway(`
providers:
  an: { kind: anthropic, base_url: ${upstream.url}/anthropic, api_key: ${KEY} }
  ge: { kind: gemini, base_url: ${upstream.url}/gemini/v1beta, api_key: ${GKEY} }
models:
  claude: an/claude-sonnet-4-5
  gemini: ge/gemini-2.0-flash
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const leaks = (res: RawAnswer) => [KEY, GKEY, encodeURIComponent(KEY), encodeURIComponent(GKEY)].some((k) => res.text.includes(k) || JSON.stringify(res.headers).includes(k))

  it('an Anthropic- or Gemini-kind upstream quoting our key in its error answer: the client never sees it', async () => {
    for (const model of ['claude', 'gemini']) {
      const res = await post(`${gw.url}/v1/chat/completions`, chat(model))
      assert.ok(res.status >= 400, res.text)
      assert.match(res.text, /\[redacted\]/, 'the upstream message is passed on, redacted')
      assert.ok(!leaks(res), res.text)
    }
  })

  it('the same quoted in a stream error event', async () => {
    for (const model of ['claude', 'gemini']) {
      const res = await post(`${gw.url}/v1/chat/completions`, chat(model, { stream: true }))
      assert.ok(!leaks(res), res.text)
    }
  })
})

describe('class 9: usage from upstream is validated', () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  const lines: Record<string, unknown>[] = []
  before(async () => {
    upstream = await startReplayUpstream((req) => {
      const bad = 1e308
      if (req.path.startsWith('/anthropic')) {
        return { body: JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: bad, output_tokens: -5 } }), headers: JSON_CT }
      }
      return { body: JSON.stringify({ ...JSON.parse(CHAT_OK), usage: { prompt_tokens: bad, completion_tokens: '12', total_tokens: 1.5 } }), headers: JSON_CT }
    })
    const sink = logSink(lines)
    gw = await startTestGateway(
      `
providers:
  an: { kind: anthropic, base_url: ${upstream.url}/anthropic, api_key: sk-ant-0123456789 }
  oa: { kind: openai, base_url: ${upstream.url}/openai/v1, api_key: sk-0123456789 }
models:
  claude: an/claude-sonnet-4-5
  gpt: oa/gpt-4o-mini
`,
      {},
      createLogger({ level: 'info', destination: sink }),
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  const counted = async (route: string) => {
    const text = await gw.metricsText()
    return { prompt: metricValue(text, 'switchyard_tokens_total', { route, type: 'prompt' }) ?? 0, completion: metricValue(text, 'switchyard_tokens_total', { route, type: 'completion' }) ?? 0 }
  }

  it('an anthropic-kind answer claiming 1e308 prompt and -5 completion tokens: neither is counted, the drop is logged', async () => {
    const res = await post(`${gw.url}/v1/chat/completions`, chat('claude'))
    assert.equal(res.status, 200, res.text)
    const { prompt, completion } = await counted('claude')
    assert.ok(prompt < 1e6 && completion >= 0 && completion < 1e6, `counted ${prompt} prompt, ${completion} completion tokens`)
    assert.ok(lines.some((l) => /not plausible/.test(String(l.msg)) && JSON.stringify(l.implausible).includes('input_tokens=1e+308')), 'the drop is logged')
  })

  it('the same from an openai-kind upstream', async () => {
    const res = await post(`${gw.url}/v1/chat/completions`, chat('gpt'))
    assert.equal(res.status, 200, res.text)
    const { prompt, completion } = await counted('gpt')
    assert.ok(prompt < 1e6 && completion < 1e6, `counted ${prompt} prompt, ${completion} completion tokens`)
  })
})
