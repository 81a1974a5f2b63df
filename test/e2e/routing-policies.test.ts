/**
 * Routing policies through a real gateway and the openai SDK, against the chaos upstream:
 * fallbacks (alias, context-window, server-wide), Retry-After honoured or passed on, the
 * circuit breaker's trip and recovery, and per-deployment rpm/tpm limits.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import OpenAI from 'openai'
import { ANSWER_TEXT, OK, STREAM_TEXT, type FaultPlan } from '../helpers/chaos-upstream.js'
import { startChaosRig, type ChaosRig } from '../helpers/chaos-rig.js'
import { metricValue } from '../helpers/gateway.js'
import { assertNothingLeaks } from '../helpers/leaks.js'
import { offsetClock } from '../helpers/in-process.js'

const messages = [{ role: 'user' as const, content: 'What is the weather in San Francisco?' }]
const healthyElse = (faulty: FaultPlan): FaultPlan => (model, i, body) => (model === 'healthy' ? OK : faulty(model, i, body))

describe('routing policies', () => {
  let rig: ChaosRig
  const clock = offsetClock()
  before(async () => {
    rig = await startChaosRig(
      (url) => `
server:
  timeouts: { connect_ms: 500, ttft_ms: 500, idle_ms: 300, total_ms: 30000 }
  backoff: { base_ms: 20, max_ms: 1500 }
  # Long, and passed by advancing the clock: a loaded machine must not end a cooldown mid-test.
  cooldown: { min_failures: 2, failure_ratio: 0.5, window_ms: 5000, duration_ms: 60000 }
providers:
  up: { kind: openai, base_url: ${url}/v1 }
models:
  primary:
    deployments: [{ target: up/down-a }]
    fallbacks: [backup]
  backup: up/healthy
  short:
    deployments: [{ target: up/short-context }]
    fallbacks: [backup]
    context_window_fallbacks: [long]
  long: up/healthy
  patient:
    retries: 2
    deployments: [{ target: up/flaky }]
  stubborn:
    retries: 2
    deployments: [{ target: up/always-down }]
  breaker:
    strategy: ordered
    retries: 1
    deployments: [{ target: up/breaking }, { target: up/healthy }]
  budget:
    deployments: [{ target: up/budget-rpm, rpm: 2 }]
  tokens:
    deployments: [{ target: up/budget-tpm, tpm: 40 }]
  quickest:
    strategy: latency
    deployments: [{ target: up/lat-a }, { target: up/lat-b }]
  dripping:
    deployments: [{ target: up/drip }]
    timeouts: { total_ms: 400 }
`,
      undefined,
      undefined,
      clock,
    )
  })
  after(() => rig?.close())
  const metric = async (name: string, labels: Record<string, string>) => metricValue(await rig.gw.metricsText(), name, labels) ?? 0

  it('an exhausted alias falls back to the next alias, and says so', async () => {
    rig.chaos.setPlan(healthyElse(() => ({ kind: 'status', status: 503 })))
    const r = await rig.gw.client.chat.completions.create({ model: 'primary', messages }).withResponse()
    assert.equal(r.data.choices[0]!.message.content, ANSWER_TEXT)
    assert.equal(r.response.headers.get('x-switchyard-fallback'), 'backup')
    assert.equal(r.response.headers.get('x-switchyard-deployment'), 'up/healthy')
    assert.equal(r.response.headers.get('x-switchyard-attempts'), '2')
    assert.equal(await metric('switchyard_fallbacks_total', { from: 'primary', to: 'backup' }), 1)
    assert.equal(await metric('switchyard_attempts_per_request_sum', { route: 'primary' }), 2)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('context_length_exceeded goes to the context-window fallback, not the ordinary ones', async () => {
    rig.chaos.setPlan(healthyElse(() => ({ kind: 'context-length' })))
    const r = await rig.gw.client.chat.completions.create({ model: 'short', messages }).withResponse()
    assert.equal(r.data.choices[0]!.message.content, ANSWER_TEXT)
    assert.equal(r.response.headers.get('x-switchyard-fallback'), 'long')
    assert.equal(await metric('switchyard_fallbacks_total', { from: 'short', to: 'long' }), 1)
    assert.equal(await metric('switchyard_fallbacks_total', { from: 'short', to: 'backup' }), 0)
  })

  it('a non-retryable error (the client\u2019s) is not retried nor fallen back from', async () => {
    rig.chaos.setPlan(healthyElse(() => ({ kind: 'status', status: 400, body: JSON.stringify({ error: { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } }) })))
    const before = rig.chaos.requests.get('healthy') ?? 0
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'primary', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.BadRequestError)
      assert.equal(err.param, 'temperature')
      assert.equal(err.headers?.get('x-switchyard-attempts'), '1')
      return true
    })
    assert.equal(rig.chaos.requests.get('healthy') ?? 0, before)
    assert.ok((await metric('switchyard_errors_total', { route: 'primary', kind: 'client' })) >= 1)
  })

  it('a retry at the same deployment waits the upstream\u2019s Retry-After, then succeeds', async () => {
    let calls = 0
    rig.chaos.setPlan((model) => (model === 'flaky' && calls++ === 0 ? { kind: 'rate-limit', retryAfterMs: '600' } : OK))
    const t0 = Date.now()
    const r = await rig.gw.client.chat.completions.create({ model: 'patient', messages }).withResponse()
    const waited = Date.now() - t0
    assert.equal(r.response.headers.get('x-switchyard-attempts'), '2')
    assert.ok(waited >= 550, `waited ${waited} ms for retry-after-ms 600`)
    assert.equal(await metric('switchyard_retries_total', { route: 'patient', model: 'flaky' }), 1)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('a Retry-After longer than backoff.max_ms is not waited for: the client gets 429 and that Retry-After', async () => {
    await new Promise((r) => setTimeout(r, 50))
    rig.chaos.setPlan((model) => (model === 'flaky' ? { kind: 'rate-limit', retryAfter: '30' } : OK))
    const t0 = Date.now()
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'patient', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.RateLimitError)
      assert.equal(err.headers?.get('retry-after'), '30')
      assert.equal(err.headers?.get('x-switchyard-attempts'), '1')
      return true
    })
    assert.ok(Date.now() - t0 < 500)
  })

  it('5xx at the only deployment: retried after a backoff until the breaker trips, one early probe, then 503 without an attempt', async () => {
    rig.chaos.setPlan(() => ({ kind: 'status', status: 503 }))
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'stubborn', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIError)
      assert.equal(err.status, 503)
      assert.equal(err.code, 'service_unavailable')
      // retries: 2, but two failures out of two trip the breaker (min_failures 2), so the third is not made.
      assert.equal(err.headers?.get('x-switchyard-attempts'), '2')
      return true
    })
    assert.equal(rig.chaos.requests.get('always-down'), 2)
    assert.equal(await metric('switchyard_cooldowns_total', { deployment: 'up/always-down' }), 1)
    // Every deployment of the route is cooling down: the next request probes the deployment early
    // (once per cooldown period) rather than being refused; it fails again.
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'stubborn', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIError)
      assert.equal(err.status, 503)
      assert.equal(err.code, 'service_unavailable')
      assert.equal(err.headers?.get('x-switchyard-attempts'), '1')
      return true
    })
    assert.equal(rig.chaos.requests.get('always-down'), 3)
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'stubborn', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIError)
      assert.equal(err.status, 503)
      assert.equal(err.code, 'no_healthy_deployment')
      // The cooldown's remaining time, rounded up: all of duration_ms (60 s) is left.
      assert.equal(err.headers?.get('retry-after'), '60')
      assert.equal(err.headers?.get('x-switchyard-attempts'), '0')
      return true
    })
    assert.equal(rig.chaos.requests.get('always-down'), 3)
  })

  it('total_ms ends an attempt that keeps sending bytes but never finishes', async () => {
    // Comment lines every 50 ms: neither the headers nor the idle timeout ever fires.
    rig.chaos.setPlan(() => ({ kind: 'stall-before-first-token' }))
    const t0 = Date.now()
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'dripping', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIError)
      assert.equal(err.status, 504)
      assert.match(err.message, /did not finish within 400 ms/)
      return true
    })
    assert.ok(Date.now() - t0 < 1500)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('latency: traffic goes to the faster deployment, and back when the other recovers', async () => {
    let slow = 'lat-a'
    rig.chaos.setPlan((model) => (model === slow ? { kind: 'ok', delayMs: model === 'lat-a' ? 150 : 300 } : OK))
    const served = async (n: number) => {
      const by: string[] = []
      for (let i = 0; i < n; i++) {
        const r = await rig.gw.client.chat.completions.create({ model: 'quickest', messages }).withResponse()
        by.push(r.response.headers.get('x-switchyard-deployment')!)
      }
      return by
    }
    const first = await served(30)
    assert.ok(first.filter((d) => d === 'up/lat-b').length >= 24, `the fast one served ${first.filter((d) => d === 'up/lat-b').length}/30`)
    slow = 'lat-b'
    const then = await served(40)
    // Exploration measures lat-a again; once lat-b's average is worse, lat-a takes the traffic.
    const last = then.slice(-15)
    assert.ok(last.filter((d) => d === 'up/lat-a').length >= 12, `the recovered one served ${last.filter((d) => d === 'up/lat-a').length}/15 at the end`)
  })

  it('the breaker trips on repeated failures, skips the deployment, then probes it and closes', async () => {
    rig.chaos.setPlan(healthyElse(() => ({ kind: 'status', status: 500 })))
    const labels = { deployment: 'up/breaking', provider: 'up', model: 'breaking' }
    for (let i = 0; i < 2; i++) {
      const r = await rig.gw.client.chat.completions.create({ model: 'breaker', messages }).withResponse()
      assert.equal(r.response.headers.get('x-switchyard-attempts'), '2')
    }
    assert.equal(await metric('switchyard_cooldowns_total', labels), 1)
    assert.equal(await metric('switchyard_deployment_state', labels), 2)
    const calls = rig.chaos.requests.get('breaking')
    const skipped = await rig.gw.client.chat.completions.create({ model: 'breaker', messages }).withResponse()
    assert.equal(skipped.response.headers.get('x-switchyard-attempts'), '1')
    assert.equal(rig.chaos.requests.get('breaking'), calls, 'not tried while cooling down')
    // Recovered upstream: after duration_ms one probe goes through and closes the circuit.
    rig.chaos.setPlan(() => OK)
    clock.advance(60_050)
    const probe = await rig.gw.client.chat.completions.create({ model: 'breaker', messages }).withResponse()
    assert.equal(probe.response.headers.get('x-switchyard-deployment'), 'up/breaking')
    assert.equal(await metric('switchyard_deployment_state', labels), 0)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('rpm: a deployment at its limit is skipped; with none left the client gets 429 with Retry-After', async () => {
    rig.chaos.setPlan(() => OK)
    for (let i = 0; i < 2; i++) await rig.gw.client.chat.completions.create({ model: 'budget', messages })
    const calls = rig.chaos.requests.get('budget-rpm')
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'budget', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.RateLimitError)
      assert.equal(err.code, 'deployment_limit_reached')
      assert.match(err.message, /rpm limit/)
      const retryAfter = Number(err.headers?.get('retry-after'))
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`)
      assert.equal(err.headers?.get('x-switchyard-attempts'), '0')
      return true
    })
    assert.equal(rig.chaos.requests.get('budget-rpm'), calls, 'the upstream never saw it')
    assert.equal(await metric('switchyard_errors_total', { route: 'budget', kind: 'policy' }), 1)
  })

  it('tpm: once the answers used the budget, the deployment is skipped', async () => {
    rig.chaos.setPlan(() => OK)
    // The recorded answer uses 51 tokens: over a budget of 40 after one answer.
    await rig.gw.client.chat.completions.create({ model: 'tokens', messages })
    await new Promise((r) => setTimeout(r, 20))
    await assert.rejects(rig.gw.client.chat.completions.create({ model: 'tokens', messages }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.RateLimitError)
      assert.match(err.message, /tpm limit/)
      return true
    })
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })
})

describe('the server-wide fallback', () => {
  it('serves an alias without fallbacks of its own once it is exhausted', async () => {
    const { gw, close } = await startChaosRig(
      (url) => `
server: { fallbacks: [last-resort] }
providers:
  up: { kind: openai, base_url: ${url}/v1 }
models:
  orphan: up/down-b
  last-resort: up/healthy
`,
      healthyElse(() => ({ kind: 'reset-before-headers' })),
    )
    try {
      const r = await gw.client.chat.completions.create({ model: 'orphan', messages }).withResponse()
      assert.equal(r.data.choices[0]!.message.content, ANSWER_TEXT)
      assert.equal(r.response.headers.get('x-switchyard-fallback'), 'last-resort')
      assert.equal(metricValue(await gw.metricsText(), 'switchyard_fallbacks_total', { from: 'orphan', to: 'last-resort' }), 1)
    } finally {
      await close()
    }
  })
})

describe('SSE keep-alive while the first token is slow', () => {
  let rig: ChaosRig
  before(async () => {
    rig = await startChaosRig(
      (url) => `
server:
  timeouts: { ttft_ms: 500, keepalive_ms: 100 }
providers:
  up: { kind: openai, base_url: ${url}/v1 }
models:
  thinker: up/slow
`,
      undefined,
      async (gw) => {
        await gw.client.chat.completions.create({ model: 'thinker', messages })
      },
    )
  })
  after(() => rig?.close())

  const post = () =>
    fetch(`${rig.gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'thinker', messages, stream: true }) })

  it('sends comment lines until the first token, then the stream; the SDK reads it as usual', async () => {
    rig.chaos.setPlan(() => ({ kind: 'ok', delayMs: 350 }))
    const res = await post()
    assert.equal(res.status, 200)
    assert.ok(res.headers.get('x-request-id'))
    const text = await res.text()
    const comments = text.split('\n\n').filter((f) => f === ': keep-alive').length
    assert.ok(comments >= 2, `${comments} keep-alive lines`)
    assert.ok(text.endsWith('data: [DONE]\n\n'))
    const stream = await rig.gw.client.chat.completions.create({ model: 'thinker', messages, stream: true })
    let answer = ''
    for await (const chunk of stream) answer += chunk.choices[0]?.delta.content ?? ''
    assert.equal(answer, STREAM_TEXT)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('a failure after the answer started is one error event, then the end', async () => {
    rig.chaos.setPlan(() => ({ kind: 'hang-before-headers' }))
    const res = await post()
    assert.equal(res.status, 200)
    const frames = (await res.text()).split('\n\n').filter((f) => f !== '')
    assert.ok(frames.slice(0, -1).every((f) => f === ': keep-alive'))
    const last = JSON.parse(frames.at(-1)!.replace(/^data: /, '')) as { error: { type: string; code: string; message: string } }
    assert.equal(last.error.code, 'upstream_timeout')
    assert.match(last.error.message, /500 ms/)
    assert.equal(metricValue(await rig.gw.metricsText(), 'switchyard_errors_total', { route: 'thinker', kind: 'upstream' }), 1)
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })

  it('a client that leaves while waiting releases everything', async () => {
    rig.chaos.setPlan(() => ({ kind: 'ok', delayMs: 400 }))
    const controller = new AbortController()
    const res = await fetch(`${rig.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'thinker', messages, stream: true }),
      signal: controller.signal,
    })
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    await assertNothingLeaks(rig.gw, rig.chaos, rig.baselineTimers)
  })
})
