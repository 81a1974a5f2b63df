/**
 * The official openai SDK → the gateway → a fake Gemini API on 127.0.0.1 that checks the
 * `x-goog-api-key` header as Google does (the recorded 400 API_KEY_INVALID otherwise) and
 * replays recorded generateContent / streamGenerateContent traffic byte for byte.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { APIError } from 'openai'
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { geminiGuard } from '../helpers/provider-guards.js'
import { assertRateObserved, bothAnswers, plainAnswer, streamedAnswer, type Answer } from '../helpers/e2e-answers.js'
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process.js'

const KEY = 'AIza-test-key'
const SSE = { 'content-type': 'text/event-stream' }
const JSON_CT = { 'content-type': 'application/json; charset=UTF-8' }
const weather = { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }
const ask = (model: string, content = 'How many rs are in strawberry?') => ({ model, messages: [{ role: 'user' as const, content }] })

interface GenerateContent {
  candidates: { content: { parts: { text?: string }[] } }[]
  usageMetadata: { promptTokenCount: number; candidatesTokenCount: number; thoughtsTokenCount?: number }
}

describe('gemini through the gateway', () => {
  let upstream: ReplayUpstream
  let gw: InProcessGateway

  before(async () => {
    upstream = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: geminiGuard(KEY, fixtureBytes('gemini', 'error-400-api-key-invalid.json')) })
    gw = await startInProcessGateway(
      `
providers:
  google: { kind: gemini, base_url: ${upstream.url}/v1beta, api_key: '\${GEMINI_KEY}' }
  stale: { kind: gemini, base_url: ${upstream.url}/v1beta, api_key: not-the-key }
models:
  pro: google/gemini-3-pro-preview
  flash: google/gemini-2.0-flash
  stale-key: stale/gemini-2.0-flash
`,
      { GEMINI_KEY: KEY },
    )
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  it('non-streaming text: text, finish and usage (thinking tokens count as completion) from the recording', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('gemini', 'generate-content-response-text.json'), headers: JSON_CT, headersDelayMs: 40 }))
    const recorded = fixtureJson<GenerateContent>('gemini', 'generate-content-response-text.json')
    const u = recorded.usageMetadata
    let answer: Answer | undefined
    await assertRateObserved(gw, 'pro', false, u.candidatesTokenCount + u.thoughtsTokenCount!, 0.035, async () => {
      answer = await plainAnswer(gw.client, ask('pro'))
    })
    assert.deepEqual(answer, { text: recorded.candidates[0]!.content.parts[0]!.text, toolCalls: [], finish: 'stop', usage: { prompt: u.promptTokenCount, completion: u.candidatesTokenCount + u.thoughtsTokenCount! } })
    const sent = upstream.received.at(-1)!
    assert.equal(sent.path, '/v1beta/models/gemini-3-pro-preview:generateContent')
    assert.deepEqual((sent.json() as { contents: unknown }).contents, [{ role: 'user', parts: [{ text: 'How many rs are in strawberry?' }] }])
  })

  it('streaming text (multi-byte text split across chunks): deltas, finish, last usage; TTFT and tokens/sec recorded', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('gemini', 'stream-generate-content.sse'), headers: SSE, split: 'frames', delayMs: 20, headersDelayMs: 30 }))
    const frames = fixtureBytes('gemini', 'stream-generate-content.sse')
      .toString('utf8')
      .split('\n\n')
      .filter((f) => f.startsWith('data: '))
      .map((f) => JSON.parse(f.slice(6)) as GenerateContent)
    let answer: Answer | undefined
    // Four chunks of several tokens each, 20 ms apart: 80 ms of generation (half that allows for
    // uneven delivery). Counting tokens instead of chunks would read 49/48 × 60 ms.
    await assertRateObserved(gw, 'flash', true, 49, 0.04, async () => {
      answer = await streamedAnswer(gw.client, ask('flash', 'potato in 7 languages'))
    }, 0.03)
    assert.equal(answer!.text, frames.map((f) => f.candidates[0]!.content.parts[0]!.text).join(''))
    assert.equal(answer!.finish, 'stop')
    assert.deepEqual(answer!.usage, { prompt: 10, completion: 49 })
    assert.equal(upstream.received.at(-1)!.path, '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse')
  })

  it('a function call, streamed and not, agrees on the call and the finish; each usage is its recording’s', async () => {
    upstream.setResponder((req) =>
      req.path.includes(':streamGenerateContent')
        ? { body: fixtureBytes('gemini', 'stream-generate-content-function-call.sse'), headers: SSE, split: 'frames' }
        : { body: fixtureBytes('gemini', 'generate-content-response-function-call.json'), headers: JSON_CT },
    )
    const params = { ...ask('pro', 'Weather in San Francisco?'), tools: [weather] }
    const { plain, streamed } = await bothAnswers(gw.client, params)
    assert.deepEqual(plain.toolCalls, [{ name: 'weather', arguments: { location: 'San Francisco' } }])
    assert.equal(plain.finish, 'tool_calls')
    assert.equal(plain.text, '')
    assert.deepEqual(plain.usage, { prompt: 29, completion: 15 + 893 })
    assert.deepEqual(streamed.usage, { prompt: 29, completion: 15 + 45 })
    const sent = upstream.received.at(-1)!.json() as { tools: { functionDeclarations: { name: string }[] }[] }
    assert.deepEqual(sent.tools[0]!.functionDeclarations.map((f) => f.name), ['weather'])
  })

  it('an image and a JSON schema are sent in Gemini’s own form', async () => {
    upstream.setResponder(() => ({ body: fixtureBytes('gemini', 'generate-content-response-text.json'), headers: JSON_CT }))
    await plainAnswer(gw.client, {
      model: 'pro',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      response_format: { type: 'json_schema', json_schema: { name: 'thing', schema: { type: 'object', properties: { name: { type: 'string' } } } } },
    })
    const sent = upstream.received.at(-1)!.json() as { contents: { parts: unknown[] }[]; generationConfig: Record<string, unknown> }
    assert.deepEqual(sent.contents[0]!.parts[1], { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } })
    assert.equal(sent.generationConfig.responseMimeType, 'application/json')
    assert.ok(sent.generationConfig.responseJsonSchema !== undefined || sent.generationConfig.responseSchema !== undefined)
  })

  it('a key Google rejects (its 400 API_KEY_INVALID) is a 502 naming the provider; the recorded 429 passes its retry delay on', async () => {
    const before = upstream.rejected.length
    const stale = await gw.client.chat.completions.create(ask('stale-key')).catch((e: unknown) => e)
    assert.ok(stale instanceof APIError)
    assert.equal(stale.status, 502)
    assert.match(stale.message, /stale/)
    assert.doesNotMatch(stale.message, /not-the-key/)
    assert.equal(upstream.rejected.length - before, 1, 'refused by the fake Google')

    upstream.setResponder(() => ({ status: 429, headers: JSON_CT, body: fixtureBytes('gemini', 'error-429-resource-exhausted.json') }))
    const res = await gw.fetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ask('flash')) })
    assert.equal(res.status, 429)
    assert.ok(Number(res.headers.get('retry-after')) >= 34, `retry-after ${res.headers.get('retry-after')} from RetryInfo 34.4s`)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded')
  })
})
