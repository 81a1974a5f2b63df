/**
 * The routing pieces on their own: strategies' orders, backoff delays, and the circuit
 * breaker's states over the in-memory StateStore with a controlled clock.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CooldownPolicy, DeploymentConfig, RouteConfig } from '../../src/config/types.js'
import { DEFAULT_TIMEOUTS } from '../../src/config/defaults.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { createMetrics } from '../../src/metrics/metrics.js'
import { backoffDelayMs } from '../../src/routing/backoff.js'
import { createCooldowns } from '../../src/routing/cooldowns.js'
import { createDeploymentLimits } from '../../src/routing/deployment-limits.js'
import { deploymentStates } from '../../src/routing/deployment-state.js'
import { createDeploymentStats } from '../../src/routing/deployment-stats.js'
import { orderDeployments } from '../../src/routing/pick.js'
import { createMemoryStore } from '../../src/state/memory-store.js'

const dep = (model: string, weight = 1, extra: Partial<DeploymentConfig> = {}): DeploymentConfig => ({ id: `p/${model}`, target: `p/${model}`, provider: 'p', model, weight, ...extra })
const route = (strategy: RouteConfig['strategy'], deployments: DeploymentConfig[]): RouteConfig => ({
  name: 'r',
  label: 'r',
  alias: true,
  deployments,
  strategy,
  retries: 0,
  fallbacks: [],
  contextWindowFallbacks: [],
  timeouts: DEFAULT_TIMEOUTS,
  dropParams: false,
  toolValidation: { mode: 'off', retries: 0 },
})
/** A deterministic random source. */
function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

describe('strategies', () => {
  const a = dep('a', 3)
  const b = dep('b', 1)
  const c = dep('c', 1)

  it('weighted: the first pick follows the weights, every deployment appears once', () => {
    const stats = createDeploymentStats()
    const random = seeded(1)
    let firstA = 0
    for (let i = 0; i < 5000; i++) {
      const order = orderDeployments(route('weighted', [a, b, c]), stats, random)
      assert.deepEqual([...order].map((d) => d.id).sort(), ['p/a', 'p/b', 'p/c'])
      if (order[0] === a) firstA++
    }
    assert.ok(Math.abs(firstA / 5000 - 0.6) < 0.03, `a first ${firstA / 5000}`)
  })

  it('ordered keeps the file order', () => {
    assert.deepEqual(orderDeployments(route('ordered', [b, a, c]), createDeploymentStats()), [b, a, c])
  })

  it('least-busy puts the deployment with fewest requests in flight first', () => {
    const stats = createDeploymentStats()
    stats.begin('p/a')
    stats.begin('p/a')
    stats.begin('p/b')
    assert.equal(orderDeployments(route('least-busy', [a, b, c]), stats, seeded(3))[0], c)
    stats.begin('p/c')
    stats.begin('p/c')
    stats.end('p/a')
    stats.end('p/a')
    assert.equal(orderDeployments(route('least-busy', [a, b, c]), stats, seeded(3))[0], a)
  })

  it('latency prefers the fastest, measures the unmeasured, and explores a tenth of the time', () => {
    const stats = createDeploymentStats()
    stats.observeLatency('p/a', 300)
    stats.observeLatency('p/b', 100)
    // c has no sample yet: it goes first so that it gets one.
    assert.equal(orderDeployments(route('latency', [a, b, c]), stats, () => 0.5)[0], c)
    stats.observeLatency('p/c', 200)
    assert.deepEqual(orderDeployments(route('latency', [a, b, c]), stats, () => 0.5), [b, c, a])
    const random = seeded(7)
    let notFastest = 0
    for (let i = 0; i < 5000; i++) if (orderDeployments(route('latency', [a, b, c]), stats, random)[0] !== b) notFastest++
    // Exploration picks by weight (a: 3/5), so about 0.1 × 0.8 of requests start elsewhere.
    assert.ok(notFastest > 200 && notFastest < 600, `explored ${notFastest}/5000`)
    // A recovered deployment's average comes back down as new samples arrive.
    for (let i = 0; i < 20; i++) stats.observeLatency('p/a', 50)
    assert.equal(orderDeployments(route('latency', [a, b, c]), stats, () => 0.5)[0], a)
  })
})

describe('backoff', () => {
  const policy = { baseMs: 100, maxMs: 1000 }
  it('grows exponentially with full jitter, capped', () => {
    assert.equal(backoffDelayMs(policy, 1, undefined, () => 0.999), 99)
    assert.equal(backoffDelayMs(policy, 3, undefined, () => 0.999), 399)
    assert.equal(backoffDelayMs(policy, 10, undefined, () => 0.999), 999)
    assert.equal(backoffDelayMs(policy, 3, undefined, () => 0), 0)
  })
  it('honours the upstream Retry-After, and gives up on one longer than max_ms', () => {
    const wait = (s: number) => new GatewayError('rate_limited', 'slow down', { retryAfterSeconds: s })
    assert.equal(backoffDelayMs(policy, 1, wait(0.6)), 600)
    assert.equal(backoffDelayMs(policy, 1, wait(30)), undefined)
  })
})

describe('cooldowns on the StateStore', () => {
  const policy: CooldownPolicy = { minFailures: 3, failureRatio: 0.5, windowMs: 10_000, durationMs: 1_000 }
  const d = dep('x')
  const boom = new GatewayError('upstream_error', 'boom', { upstreamStatus: 500 })

  function setup() {
    let t = 1_000_000
    const clock = { now: () => t, advance: (ms: number) => (t += ms) }
    const store = createMemoryStore(clock.now)
    const metrics = createMetrics({ processMetrics: false })
    const cooldowns = createCooldowns(deploymentStates(store), metrics, createDeploymentStats(), clock.now)
    const state = async () => (await metrics.deploymentState.get()).values.find((v) => v.labels.deployment === 'p/x')?.value
    return { clock, cooldowns, metrics, state }
  }

  it('a low failure ratio never trips; a high one does', async () => {
    const { cooldowns } = setup()
    for (let i = 0; i < 20; i++) {
      await cooldowns.attempted(d, policy)
      if (i % 5 === 0) await cooldowns.failed(d, policy, boom, false)
    }
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: true, probe: false })
    for (let i = 0; i < 20; i++) {
      await cooldowns.attempted(d, policy)
      await cooldowns.failed(d, policy, boom, false)
    }
    const admission = await cooldowns.admit(d, policy)
    assert.equal(admission.ok, false)
  })

  it('cooling down → half-open (one probe) → healthy after the probe succeeds', async () => {
    const { clock, cooldowns, metrics, state } = setup()
    for (let i = 0; i < 3; i++) {
      await cooldowns.attempted(d, policy)
      await cooldowns.failed(d, policy, boom, false)
    }
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: false, retryAfterMs: 1000, why: 'cooling' })
    assert.equal(await state(), 2)
    clock.advance(1000)
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: true, probe: true })
    assert.equal(await state(), 1)
    const second = await cooldowns.admit(d, policy)
    assert.equal(second.ok, false, 'one probe at a time')
    await cooldowns.succeeded(d, true)
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: true, probe: false })
    assert.equal(await state(), 0)
    assert.equal((await metrics.cooldowns.get()).values[0]?.value, 1)
  })

  it('a failed probe cools it down again; a 429 trips at once for its Retry-After', async () => {
    const { clock, cooldowns } = setup()
    await cooldowns.failed(d, policy, new GatewayError('rate_limited', 'slow', { upstreamStatus: 429, retryAfterSeconds: 3 }), false)
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: false, retryAfterMs: 3000, why: 'rate_limited' })
    clock.advance(3000)
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: true, probe: true })
    await cooldowns.failed(d, policy, boom, true)
    assert.deepEqual(await cooldowns.admit(d, policy), { ok: false, retryAfterMs: 1000, why: 'cooling' })
  })
})

describe('deployment limits', () => {
  it('rpm admits up to the limit in a sliding minute; tpm refuses once the window is full', async () => {
    let t = 0
    const store = createMemoryStore(() => t)
    const limits = createDeploymentLimits(deploymentStates(store))
    const d = dep('x', 1, { rpm: 2, tpm: 100 })
    assert.deepEqual(await limits.acquire(d), { ok: true })
    t += 10_000
    assert.deepEqual(await limits.acquire(d), { ok: true })
    assert.deepEqual(await limits.acquire(d), { ok: false, retryAfterMs: 50_000, limit: 'rpm' })
    t += 50_000
    assert.deepEqual(await limits.acquire(d), { ok: true })
    await limits.addTokens(d, 100)
    t += 60_000
    const tpm = await limits.acquire({ ...d, rpm: undefined })
    assert.deepEqual(tpm, { ok: true })
    await limits.addTokens(d, 100)
    assert.equal((await limits.acquire({ ...d, rpm: undefined })).ok, false)
  })
})
