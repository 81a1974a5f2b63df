/**
 * The fuzz suite: whatever a client or an upstream sends, every answer is a well-formed answer
 * or a well-formed error in the protocol's shape — never a 500, never a non-JSON error, never a
 * hang — and nothing stays in flight. Seeded (FUZZ_SEED replays a run; the seed is printed).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { fixtureBytes } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31)
console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`)
const CLIENT_RUNS = 1500
const UPSTREAM_RUNS_PER_KIND = 120
/** A request still unanswered after this is a hang (generous: the machine may be loaded). */
const HANG_MS = 15_000

/** Each kind's recorded answers, JSON and streamed, for the upstream to mutate. */
const RECORDED: Record<string, { json: Buffer; stream: Buffer; streamType: string }> = {
  openai: { json: fixtureBytes('openai', 'chat-response-basic.json'), stream: fixtureBytes('openai', 'chat-stream-text.sse'), streamType: 'text/event-stream' },
  azure: { json: fixtureBytes('openai', 'chat-response-tool-call.json'), stream: fixtureBytes('azure', 'chat-stream-prompt-filter-results.sse'), streamType: 'text/event-stream' },
  anthropic: { json: fixtureBytes('anthropic', 'messages-response-text.json'), stream: fixtureBytes('anthropic', 'messages-stream-text.sse'), streamType: 'text/event-stream' },
  gemini: { json: fixtureBytes('gemini', 'generate-content-response-text.json'), stream: fixtureBytes('gemini', 'stream-generate-content.sse'), streamType: 'text/event-stream' },
  ollama: { json: fixtureBytes('ollama', 'chat-response.json'), stream: fixtureBytes('ollama', 'chat-stream.ndjson'), streamType: 'application/x-ndjson' },
  bedrock: { json: fixtureBytes('bedrock', 'converse-response-text.json'), stream: fixtureBytes('bedrock', 'converse-stream-text.eventstream'), streamType: 'application/vnd.amazon.eventstream' },
}

/** What the fuzzed upstream does to a recorded answer. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'replace'; body: string }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'split'; cuts: number[] }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('replace' as const), body: fc.oneof(fc.json(), fc.string(), fc.constant(''), fc.constant('data: [DONE]\n\n'), fc.constant('{"error":{"message":"boom"}}')) }),
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(200, 400, 401, 404, 408, 413, 429, 500, 502, 503, 529), body: fc.oneof(fc.json(), fc.string()) }),
  fc.record({ kind: fc.constant('split' as const), cuts: fc.array(fc.nat(), { maxLength: 8 }) }),
)

function mutate(bytes: Buffer, m: Mutation, contentType: string): ReplayAnswer {
  switch (m.kind) {
    case 'truncate':
      return { headers: { 'content-type': contentType }, body: bytes.subarray(0, m.at % (bytes.length + 1)) }
    case 'flip': {
      const copy = Buffer.from(bytes)
      if (copy.length > 0) copy[m.at % copy.length] = m.byte
      return { headers: { 'content-type': contentType }, body: copy }
    }
    case 'replace':
      return { headers: { 'content-type': contentType }, body: m.body }
    case 'status':
      return { status: m.status, headers: { 'content-type': 'application/json' }, body: m.body }
    case 'split': {
      const cuts = [...new Set(m.cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
      return { headers: { 'content-type': contentType }, body: bytes, split: cuts }
    }
  }
}

/** What the client saw, checked: a JSON error in OpenAI's shape, or a well-formed answer. */
async function checkAnswer(res: Response, stream: boolean): Promise<void> {
  const text = await res.text()
  assert.notEqual(res.status, 500, `a 500: ${text.slice(0, 300)}`)
  if (res.status !== 200) {
    assert.match(res.headers.get('content-type') ?? '', /application\/json/, `error without JSON: ${res.status} ${text.slice(0, 200)}`)
    const body = JSON.parse(text) as { error?: { message?: unknown; type?: unknown } }
    assert.equal(typeof body.error?.message, 'string', text.slice(0, 300))
    assert.equal(typeof body.error?.type, 'string', text.slice(0, 300))
    return
  }
  if (!stream || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    JSON.parse(text)
    return
  }
  // A stream ends with [DONE], or with one error event when it failed after it started.
  const events = text.split('\n\n').filter((e) => e.startsWith('data: '))
  assert.ok(events.length > 0, `an empty stream: ${JSON.stringify(text.slice(0, 200))}`)
  for (const event of events.slice(0, -1)) JSON.parse(event.slice(6))
  const last = events.at(-1)!.slice(6)
  if (last !== '[DONE]') assert.equal(typeof (JSON.parse(last) as { error?: { message?: unknown } }).error?.message, 'string', last)
}

async function timed(request: () => Promise<Response>): Promise<Response> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), HANG_MS)
  try {
    return await request()
  } catch (err) {
    if (controller.signal.aborted) assert.fail('the request hung')
    throw err
  } finally {
    clearTimeout(timer)
  }
}

async function inFlight(gw: TestGateway): Promise<number> {
  for (let i = 0; i < 150; i++) {
    const n = metricValue(await gw.metricsText(), 'switchyard_in_flight_requests') ?? 0
    if (n === 0) return 0
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return metricValue(await gw.metricsText(), 'switchyard_in_flight_requests') ?? 0
}

describe(`fuzz (seed ${SEED})`, () => {
  let upstream: ReplayUpstream
  let gw: TestGateway
  let next: ReplayAnswer = { body: '{}' }

  before(async () => {
    upstream = await startReplayUpstream(() => next)
    const url = upstream.url
    gw = await startTestGateway(
      `
server:
  max_body_bytes: 65536
  timeouts: { ttft_ms: 5000, idle_ms: 2000, total_ms: 8000 }
providers:
  fake: { kind: fake, ttft_ms: 0, tokens_per_second: 100000 }
  openai: { kind: openai, base_url: ${url}/v1, api_key: sk-fuzz-openai }
  azure: { kind: azure, base_url: ${url}/openai, api_key: fuzz-azure, api_version: '2024-10-21' }
  anthropic: { kind: anthropic, base_url: ${url}, api_key: sk-ant-fuzz }
  gemini: { kind: gemini, base_url: ${url}/v1beta, api_key: fuzz-gemini }
  ollama: { kind: ollama, base_url: ${url} }
  bedrock: { kind: bedrock, base_url: ${url}, region: us-east-1, access_key_id: AKIDFUZZ, secret_access_key: fuzz-secret }
models:
  demo: fake/echo-1
  openai: openai/gpt-4o-mini
  azure: azure/my-deployment
  anthropic: anthropic/claude-sonnet-4-5
  gemini: gemini/gemini-2.5-flash
  ollama: ollama/llama3
  bedrock: bedrock/anthropic.claude-3-haiku
`,
      {},
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it(`${CLIENT_RUNS} random and mutated requests from clients`, async () => {
    const validChat = { model: 'demo', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }
    const bodies = fc.oneof(
      fc.json().map((j) => j),
      fc.string({ unit: 'binary' }),
      fc.record({ key: fc.constantFrom('model', 'messages', 'max_tokens', 'stream', 'tools', 'response_format', 'temperature', 'stop', 'metadata', 'input', 'prompt', 'n'), value: fc.jsonValue() }).map(({ key, value }) => JSON.stringify({ ...validChat, [key]: value })),
      fc.string({ unit: 'binary', maxLength: 300 }).map((model) => JSON.stringify({ ...validChat, model })),
      fc.integer({ min: 1, max: 5000 }).map((depth) => `{"model":"demo","messages":[{"role":"user","content":"x"}],"metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`),
    )
    const paths = fc.constantFrom('/v1/chat/completions', '/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/models', '/v1/models/%ZZ', '/v1/models/demo', '/v1/nowhere', '/health')
    const methods = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE')
    const contentTypes = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined)
    await fc.assert(
      fc.asyncProperty(paths, methods, bodies, contentTypes, fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 200 })), async (path, method, body, contentType, requestId) => {
        const headers: Record<string, string> = {}
        if (contentType !== undefined) headers['content-type'] = contentType
        if (requestId !== null) headers['x-request-id'] = requestId
        const hasBody = method !== 'GET'
        const res = await timed(() => fetch(`${gw.url}${path}`, { method, headers, ...(hasBody ? { body } : {}) }))
        await checkAnswer(res, body.includes('"stream":true'))
      }),
      { seed: SEED, numRuns: CLIENT_RUNS },
    )
    assert.equal(await inFlight(gw), 0, 'nothing left in flight')
  })

  for (const kind of Object.keys(RECORDED)) {
    it(`${UPSTREAM_RUNS_PER_KIND} random and truncated answers from a ${kind} upstream`, async () => {
      const recorded = RECORDED[kind]!
      await fc.assert(
        fc.asyncProperty(fc.boolean(), mutation, async (stream, m) => {
          next = mutate(stream ? recorded.stream : recorded.json, m, stream ? recorded.streamType : 'application/json')
          const res = await timed(() =>
            fetch(`${gw.url}/v1/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ model: kind, stream, messages: [{ role: 'user', content: 'hi' }] }),
            }),
          )
          await checkAnswer(res, stream)
        }),
        { seed: SEED, numRuns: UPSTREAM_RUNS_PER_KIND },
      )
      assert.equal(await inFlight(gw), 0, 'nothing left in flight')
    })
  }
})
