/**
 * Soak: a few thousand requests (streaming and not) with the openai SDK through a pool of
 * three deployments where a fifth of upstream calls fail, at random, in every way the chaos
 * upstream knows. Every request must end in the answer or a well-formed OpenAI error, none
 * may hang, nothing may stay open, and the heap must not grow.
 *
 * Seeded: the seed is printed, and SOAK_SEED=<seed> replays it. The seed decides, for each
 * request (its prompt) and each of its attempts, whether that attempt fails and how, so the
 * same requests meet the same faults in the same order whatever the interleaving; which
 * deployment takes an attempt, and the timing, remain the machine's.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import OpenAI from 'openai'
import { ANSWER_TEXT, OK, STREAM_TEXT, type ChaosRequestBody, type Fault, type FaultPlan } from '../helpers/chaos-upstream.js'
import { startChaosRig, type ChaosRig } from '../helpers/chaos-rig.js'
import { metricValue } from '../helpers/gateway.js'
import { activeTimeouts, assertNothingLeaks } from '../helpers/leaks.js'
import { seedFrom } from '../helpers/seed.js'
import { heapMbAfterGc as heapMb } from '../helpers/heap.js'

const REQUESTS = 2500
const WARMUP = 300
const CONCURRENCY = 40
const FAULT_RATE = 0.2
/** A request still unsettled after this is a hang: longer than three attempts at total_ms (4 s) and their backoff. */
const HANG_MS = 15000

const FAULTS: Fault[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 529 },
  { kind: 'rate-limit', retryAfterMs: '40' },
  { kind: 'reset-before-headers' },
  { kind: 'reset-after-headers' },
  { kind: 'hang-before-headers' },
  { kind: 'stall-mid-stream' },
  { kind: 'stall-before-first-token' },
  { kind: 'malformed-sse' },
  { kind: 'truncated-json' },
  { kind: 'error-event' },
  { kind: 'ok', delayMs: 300 },
]

const SEED = seedFrom('SOAK_SEED', 'soak')

/** A number in [0, 1) fixed by the seed and the key. */
function draw(key: string): number {
  return createHash('sha256').update(`${SEED}:${key}`).digest().readUInt32BE(0) / 2 ** 32
}

/** The prompt of a request (each soak request has its own: q<i>). */
function promptOf(body: ChaosRequestBody): string {
  const content = body.messages?.at(-1)?.content
  return typeof content === 'string' ? content : JSON.stringify(content)
}

/** Each request's n-th attempt draws its fault from (seed, prompt, n). */
function seededFaults(): FaultPlan {
  const attempts = new Map<string, number>()
  return (_model, _index, body) => {
    const prompt = promptOf(body)
    const attempt = attempts.get(prompt) ?? 0
    attempts.set(prompt, attempt + 1)
    if (draw(`${prompt}:${attempt}`) >= FAULT_RATE) return OK
    return FAULTS[Math.floor(draw(`${prompt}:${attempt}:fault`) * FAULTS.length)]!
  }
}


type Outcome = 'answer' | 'error' | 'hang'

describe(`soak: a fifth of upstream calls fail (seed ${SEED})`, () => {
  let rig: ChaosRig
  before(async () => {
    rig = await startChaosRig(
      (url) => `
server:
  timeouts: { connect_ms: 1500, ttft_ms: 1500, idle_ms: 750, total_ms: 4000 }
  backoff: { base_ms: 5, max_ms: 200 }
  cooldown: { min_failures: 5, failure_ratio: 0.6, window_ms: 2000, duration_ms: 200 }
providers:
  up: { kind: openai, base_url: ${url}/v1 }
models:
  pool:
    retries: 2
    deployments: [{ target: up/a }, { target: up/b }, { target: up/c }]
`,
      seededFaults(),
      async () => undefined,
    )
  })
  after(() => rig?.close())

  /** One request; what the client saw, checked for shape. */
  async function one(i: number): Promise<Outcome> {
    const stream = i % 2 === 0
    const controller = new AbortController()
    const hang = setTimeout(() => controller.abort(), HANG_MS)
    try {
      if (stream) {
        const s = await rig.gw.client.chat.completions.create({ model: 'pool', messages: [{ role: 'user', content: `q${i}` }], stream: true }, { signal: controller.signal })
        let text = ''
        for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? ''
        assert.equal(text, STREAM_TEXT)
      } else {
        const r = await rig.gw.client.chat.completions.create({ model: 'pool', messages: [{ role: 'user', content: `q${i}` }] }, { signal: controller.signal })
        assert.equal(r.choices[0]?.message.content, ANSWER_TEXT)
      }
      return 'answer'
    } catch (err) {
      if (controller.signal.aborted) return 'hang'
      // A well-formed OpenAI error: an HTTP error with a status and an error body, or an
      // error event inside a stream that had started (the SDK raises it as an APIError too).
      assert.ok(err instanceof OpenAI.APIError, `not an API error: ${String(err)}`)
      assert.ok(typeof err.message === 'string' && err.message.length > 0)
      if (err.status !== undefined) {
        assert.ok([429, 502, 503, 504].includes(err.status), `status ${err.status}: ${err.message}`)
        const body = err.error as { message?: unknown; type?: unknown } | undefined
        assert.equal(typeof body?.message, 'string')
        assert.equal(typeof body?.type, 'string')
      }
      return 'error'
    } finally {
      clearTimeout(hang)
    }
  }

  async function run(count: number, offset: number): Promise<Record<Outcome, number>> {
    const tally: Record<Outcome, number> = { answer: 0, error: 0, hang: 0 }
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) tally[await one(offset + next++)]++
      }),
    )
    return tally
  }

  it(`${REQUESTS} requests: each an answer or a well-formed error, none hangs, memory flat`, async (t) => {
    const baselineTimers = activeTimeouts()
    await run(WARMUP, 0)
    const heapBefore = heapMb()
    const faultsBefore = rig.chaos.faultsInjected
    const t0 = performance.now()
    // Two halves, the heap measured between them: growth that is a leak shows in both.
    const half = REQUESTS / 2
    const firstHalf = await run(half, WARMUP)
    const heapMid = heapMb()
    const secondHalf = await run(REQUESTS - half, WARMUP + half)
    const seconds = (performance.now() - t0) / 1000
    const tally = { answer: firstHalf.answer + secondHalf.answer, error: firstHalf.error + secondHalf.error, hang: firstHalf.hang + secondHalf.hang }
    await assertNothingLeaks(rig.gw, rig.chaos, baselineTimers + 2)
    const heapAfter = heapMb()
    const metrics = await rig.gw.metricsText()
    const upstreamCalls = ['a', 'b', 'c'].reduce((n, m) => n + (rig.chaos.requests.get(m) ?? 0), 0)
    const figures = {
      seed: SEED,
      requests: REQUESTS,
      seconds: Number(seconds.toFixed(1)),
      upstreamCalls,
      faultsInjected: rig.chaos.faultsInjected - faultsBefore,
      answers: tally.answer,
      errors: tally.error,
      hangs: tally.hang,
      retries: metricValue(metrics, 'switchyard_retries_total', { route: 'pool' }) ?? 0,
      cooldowns: metricValue(metrics, 'switchyard_cooldowns_total') ?? 0,
      heapBeforeMb: Number(heapBefore.toFixed(1)),
      heapMidMb: Number(heapMid.toFixed(1)),
      heapAfterMb: Number(heapAfter.toFixed(1)),
    }
    t.diagnostic(`soak figures: ${JSON.stringify(figures)}`)
    console.log('soak figures', figures)
    assert.equal(tally.hang, 0, 'no request hangs')
    assert.equal(tally.answer + tally.error, REQUESTS)
    assert.ok(tally.answer >= REQUESTS * 0.85, `retries keep answering: ${tally.answer}/${REQUESTS}`)
    assert.ok(heapAfter - heapBefore < 16, `heap grew ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`)
    // The second half adds little: whatever the first half grew was warm-up, not a leak.
    assert.ok(heapAfter - heapMid < 8, `heap grew ${heapMid.toFixed(1)} → ${heapAfter.toFixed(1)} MB over the second half`)
  })
})
