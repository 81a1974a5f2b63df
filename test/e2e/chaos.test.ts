/**
 * Fault injection: every way an upstream fails, through a real gateway, with the official
 * openai SDK (no retries of its own) as the client. For each: what the client sees (the answer
 * from another deployment, or a well-formed OpenAI error), the attempts made (answer header),
 * the metrics, and that nothing is left behind (upstream requests, in-flight, timers).
 */
import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import OpenAI from 'openai'
import { ANSWER_TEXT, OK, STREAM_TEXT, type Fault } from '../helpers/chaos-upstream.js'
import { startChaosRig, type ChaosRig } from '../helpers/chaos-rig.js'
import { metricValue } from '../helpers/gateway.js'
import { offsetClock } from '../helpers/in-process.js'
import { assertNothingLeaks } from '../helpers/leaks.js'

const messages = [{ role: 'user' as const, content: 'What is the weather in San Francisco?' }]

describe('chaos: one faulty deployment of two', () => {
  let rig: ChaosRig
  /** The fault for the `faulty` model; others answer. */
  let fault: Fault = OK
  const clock = offsetClock()
  before(async () => {
    rig = await startChaosRig(
      (url) => `
server:
  timeouts: { connect_ms: 500, ttft_ms: 500, idle_ms: 300, total_ms: 30000 }
  backoff: { base_ms: 10, max_ms: 1500 }
  # Never trips on errors in this suite (only on 429s, which use their own models).
  cooldown: { min_failures: 1000, failure_ratio: 1, window_ms: 1000, duration_ms: 1000 }
providers:
  up: { kind: openai, base_url: ${url}/v1, api_key: sk-test-0123456789 }
models:
  pair:
    strategy: ordered
    retries: 1
    deployments: [{ target: up/faulty }, { target: up/healthy }]
  solo:
    retries: 0
    deployments: [{ target: up/faulty }]
  limited-pair:
    strategy: ordered
    retries: 1
    deployments: [{ target: up/limited }, { target: up/healthy }]
`,
      (model) => (model === 'healthy' ? OK : fault),
      async (gw) => {
        await gw.client.chat.completions.create({ model: 'up/healthy', messages })
        for await (const _ of await gw.client.chat.completions.create({ model: 'up/healthy', messages, stream: true })) {
          // drain
        }
      },
      clock,
    )
  })
  after(() => rig?.close())
  beforeEach(() => {
    fault = OK
  })

  const metrics = async () => rig.gw.metricsText()
  const retries = async () => metricValue(await metrics(), 'switchyard_retries_total', { route: 'pair', provider: 'up', model: 'healthy' }) ?? 0
  const upstreamErrors = async (kind: string, model = 'faulty') => metricValue(await metrics(), 'switchyard_upstream_errors_total', { route: 'pair', model, kind }) ?? 0

  async function streamText(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<string> {
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    return text
  }

  /** One request to `pair` with the faulty deployment failing as given: the healthy one answers on the second attempt. */
  async function recovers(f: Fault, kind: string, stream: boolean): Promise<void> {
    fault = f
    const retriesBefore = await retries()
    const errorsBefore = await upstreamErrors(kind)
    const healthyBefore = rig.chaos.requests.get('healthy') ?? 0
    let text: string
    let response: Response
    if (stream) {
      const r = await rig.gw.client.chat.completions.create({ model: 'pair', messages, stream: true }).withResponse()
      response = r.response
      text = await streamText(r.data)
    } else {
      const r = await rig.gw.client.chat.completions.create({ model: 'pair', messages }).withResponse()
      response = r.response
      text = r.data.choices[0]!.message.content ?? ''
    }
    assert.equal(text, stream ? STREAM_TEXT : ANSWER_TEXT)
    assert.equal(response.headers.get('x-switchyard-deployment'), 'up/healthy')
    assert.equal(response.headers.get('x-switchyard-attempts'), '2')
    assert.ok(response.headers.get('x-request-id'))
    assert.equal(response.headers.get('x-switchyard-fallback'), null)
    assert.equal((rig.chaos.requests.get('healthy') ?? 0) - healthyBefore, 1)
    assert.equal((await retries()) - retriesBefore, 1, 'one retry counted')
    assert.equal((await upstreamErrors(kind)) - errorsBefore, 1, `one ${kind} counted against the faulty deployment`)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  }

  for (const stream of [false, true]) {
    const mode = stream ? 'streaming' : 'non-streaming'
    for (const status of [500, 502] as const) it(`${mode}: HTTP ${status} is retried on the other deployment`, () => recovers({ kind: 'status', status }, 'upstream_error', stream))
    for (const status of [503, 529] as const) it(`${mode}: HTTP ${status} is retried on the other deployment`, () => recovers({ kind: 'status', status }, 'unavailable', stream))
    it(`${mode}: HTTP 408 is retried`, () => recovers({ kind: 'status', status: 408 }, 'upstream_error', stream))
    it(`${mode}: a reset before the headers is retried`, () => recovers({ kind: 'reset-before-headers' }, 'upstream_error', stream))
    it(`${mode}: a reset after the headers, before the first token, is retried`, () => recovers({ kind: 'reset-after-headers' }, 'upstream_error', stream))
    it(`${mode}: an upstream that never answers times out and is retried`, () => recovers({ kind: 'hang-before-headers' }, 'upstream_timeout', stream))
    it(`${mode}: a slow upstream past ttft_ms is retried`, () => recovers({ kind: 'ok', delayMs: 1500 }, 'upstream_timeout', stream))
    it(`${mode}: malformed data before the first token is retried`, () => recovers({ kind: 'malformed-sse' }, 'upstream_error', stream))
    it(`${mode}: an error event in a 200 answer is retried`, () => recovers({ kind: 'error-event' }, 'upstream_error', stream))
  }
  it('non-streaming: truncated JSON is retried', () => recovers({ kind: 'truncated-json' }, 'upstream_error', false))
  it('non-streaming: a body that stalls is retried after idle_ms', () => recovers({ kind: 'stall-mid-stream' }, 'upstream_timeout', false))
  it('streaming: bytes but no first token within ttft_ms is retried', () => recovers({ kind: 'stall-before-first-token' }, 'upstream_timeout', true))

  it('a slow upstream within ttft_ms answers itself, in one attempt', async () => {
    fault = { kind: 'ok', delayMs: 150 }
    const r = await rig.gw.client.chat.completions.create({ model: 'pair', messages, stream: true }).withResponse()
    assert.equal(await streamText(r.data), STREAM_TEXT)
    assert.equal(r.response.headers.get('x-switchyard-deployment'), 'up/faulty')
    assert.equal(r.response.headers.get('x-switchyard-attempts'), '1')
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('streaming: a stall after the first token is never retried: text, then an error event', async () => {
    fault = { kind: 'stall-mid-stream' }
    const healthyBefore = rig.chaos.requests.get('healthy') ?? 0
    const r = await rig.gw.client.chat.completions.create({ model: 'pair', messages, stream: true }).withResponse()
    assert.equal(r.response.headers.get('x-switchyard-attempts'), '1')
    let text = ''
    await assert.rejects(
      (async () => {
        for await (const chunk of r.data) text += chunk.choices[0]?.delta.content ?? ''
      })(),
      (err: unknown) => err instanceof OpenAI.APIError && /stalled/.test(err.message),
    )
    assert.equal(text, "I'm")
    assert.equal((rig.chaos.requests.get('healthy') ?? 0) - healthyBefore, 0, 'no second attempt after the first token')
    assert.ok((metricValue(await metrics(), 'switchyard_errors_total', { route: 'pair', kind: 'upstream' }) ?? 0) >= 1)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('a single failing deployment gives a well-formed OpenAI error with the attempts made', async () => {
    fault = { kind: 'status', status: 502 }
    const errorsBefore = metricValue(await metrics(), 'switchyard_errors_total', { route: 'solo', kind: 'upstream' }) ?? 0
    for (const stream of [false, true]) {
      await assert.rejects(
        rig.gw.client.chat.completions.create({ model: 'solo', messages, stream }),
        (err: unknown) => {
          assert.ok(err instanceof OpenAI.APIError)
          assert.equal(err.status, 502)
          assert.equal(err.type, 'api_error')
          assert.equal(err.code, 'upstream_error')
          assert.match(err.message, /Provider 'up' failed \(HTTP 502\)/)
          assert.doesNotMatch(err.message, /127\.0\.0\.1|sk-test/)
          assert.equal(err.headers?.get('x-switchyard-attempts'), '1')
          assert.ok(err.headers?.get('x-request-id'))
          return true
        },
      )
    }
    assert.equal((metricValue(await metrics(), 'switchyard_errors_total', { route: 'solo', kind: 'upstream' }) ?? 0) - errorsBefore, 2)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('a 429 moves on at once and cools the deployment down for its Retry-After', async () => {
    let limitedCalls = 0
    rig.chaos.setPlan((model) => {
      if (model !== 'limited') return model === 'healthy' ? OK : fault
      limitedCalls++
      return { kind: 'rate-limit', retryAfter: '1' }
    })
    const t0 = Date.now()
    const r = await rig.gw.client.chat.completions.create({ model: 'limited-pair', messages }).withResponse()
    assert.ok(Date.now() - t0 < 900, 'no wait: another deployment was free')
    assert.equal(r.response.headers.get('x-switchyard-deployment'), 'up/healthy')
    assert.equal(r.response.headers.get('x-switchyard-attempts'), '2')
    const labels = { deployment: 'up/limited', provider: 'up', model: 'limited' }
    assert.equal(metricValue(await metrics(), 'switchyard_cooldowns_total', labels), 1)
    assert.equal(metricValue(await metrics(), 'switchyard_deployment_state', labels), 2)
    // While it cools down, requests skip it: one attempt, straight to the healthy one.
    const again = await rig.gw.client.chat.completions.create({ model: 'limited-pair', messages }).withResponse()
    assert.equal(again.response.headers.get('x-switchyard-attempts'), '1')
    assert.equal(limitedCalls, 1)
    // After the Retry-After, one probe goes through (half-open); it is limited again: cooled again.
    clock.advance(1100)
    const probe = await rig.gw.client.chat.completions.create({ model: 'limited-pair', messages }).withResponse()
    assert.equal(probe.response.headers.get('x-switchyard-attempts'), '2')
    assert.equal(limitedCalls, 2)
    assert.equal(metricValue(await metrics(), 'switchyard_cooldowns_total', labels), 2)
    rig.chaos.setPlan((model) => (model === 'healthy' ? OK : fault))
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })
})
