/**
 * State kept per deployment is bounded whatever names clients send: the memory store is an LRU
 * with a cap, deployments a client named (undeclared) keep their cooldown and limit state in a
 * small store of their own (never the configured one, so they can neither fill Redis nor evict
 * a key's limits), long ids are kept by a fixed-size digest, and the stats' maps are LRUs.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CooldownPolicy, DeploymentConfig } from '../../src/config/types.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { createMetrics } from '../../src/metrics/metrics.js'
import { createCooldowns } from '../../src/routing/cooldowns.js'
import { createDeploymentLimits } from '../../src/routing/deployment-limits.js'
import { boundedId, deploymentStates } from '../../src/routing/deployment-state.js'
import { createDeploymentStats } from '../../src/routing/deployment-stats.js'
import { createMemoryStore } from '../../src/state/memory-store.js'
import type { StateStore } from '../../src/state/store.js'

const policy: CooldownPolicy = { minFailures: 3, failureRatio: 0.5, windowMs: 10_000, durationMs: 1_000 }
const boom = new GatewayError('upstream_error', 'boom', { upstreamStatus: 500 })
const undeclared = (model: string): DeploymentConfig => ({ id: `p/${model}`, target: `p/${model}`, provider: 'p', model, weight: 1, undeclared: true })
const declared = (model: string, extra: Partial<DeploymentConfig> = {}): DeploymentConfig => ({ id: `p/${model}`, target: `p/${model}`, provider: 'p', model, weight: 1, ...extra })

/** A real memory store that also remembers every key it was asked about. */
function recording(store: StateStore): { store: StateStore; keys: Set<string> } {
  const keys = new Set<string>()
  const seen = <A extends [string, ...unknown[]], R>(fn: (...args: A) => Promise<R>) => (...args: A) => {
    keys.add(args[0])
    return fn(...args)
  }
  return {
    keys,
    store: {
      backend: store.backend,
      tryConsume: seen(store.tryConsume),
      add: seen(store.add),
      total: seen(store.total),
      get: seen(store.get),
      set: seen(store.set),
      delete: seen(store.delete),
      incrementFloat: seen(store.incrementFloat),
      close: store.close,
    },
  }
}

describe('memory store', () => {
  it('holds at most maxKeys keys: the least recently used go first', async () => {
    const store = createMemoryStore(Date.now, { maxKeys: 100 })
    await store.add('keep', 1, 60_000)
    for (let i = 0; i < 1000; i++) {
      await store.add(`k${i}`, 1, 60_000)
      if (i % 10 === 0) assert.equal(await store.total('keep', 60_000), 1, 'a key in use stays')
    }
    assert.equal(await store.total('k0', 60_000), 0, 'the oldest unused key was evicted')
    assert.equal(await store.total('k999', 60_000), 1)
    let held = 0
    for (let i = 0; i < 1000; i++) if ((await store.total(`k${i}`, 60_000)) > 0) held++
    assert.ok(held <= 100, `${held} keys held`)
  })

  it('values and windows of one key do not mix: each kind reads its own', async () => {
    const store = createMemoryStore(Date.now, { maxKeys: 10 })
    await store.set('k', 'v', 1000)
    assert.equal(await store.total('k', 1000), 0)
    await store.add('k', 2, 1000)
    assert.equal(await store.get('k'), undefined)
    assert.equal(await store.total('k', 1000), 2)
  })
})

describe('deployment state', () => {
  it('a declared deployment keeps its keys (as before) in the configured store; an undeclared one never touches it', async () => {
    const configured = recording(createMemoryStore())
    const mine = recording(createMemoryStore())
    const states = deploymentStates(configured.store, mine.store)
    const cooldowns = createCooldowns(states, createMetrics({ processMetrics: false }), createDeploymentStats())
    const limits = createDeploymentLimits(states)
    for (const d of [declared('a', { rpm: 5, tpm: 100 }), undeclared('b')]) {
      await cooldowns.admit(d, policy)
      await cooldowns.attempted(d, policy)
      for (let i = 0; i < 3; i++) await cooldowns.failed(d, policy, boom, false)
      await limits.acquire({ ...d, rpm: 5, tpm: 100 })
      await limits.addTokens({ ...d, tpm: 100 }, 10)
    }
    assert.deepEqual([...configured.keys].sort(), ['sy:attempts:p/a', 'sy:circuit:p/a', 'sy:failures:p/a', 'sy:probe:p/a', 'sy:rpm:p/a', 'sy:tpm:p/a'])
    assert.ok([...mine.keys].every((k) => k.endsWith(':p/b')), [...mine.keys].join(', '))
    assert.equal((await cooldowns.admit(undeclared('b'), policy)).ok, false, 'an undeclared deployment still cools down')
  })

  it('a 3.5 MB name is kept by a digest: keys stay short', async () => {
    const mine = recording(createMemoryStore())
    const cooldowns = createCooldowns(deploymentStates(createMemoryStore(), mine.store), createMetrics({ processMetrics: false }), createDeploymentStats())
    const huge = undeclared(`m-${'x'.repeat(3.5 * 1024 * 1024)}`)
    await cooldowns.attempted(huge, policy)
    await cooldowns.failed(huge, policy, boom, false)
    assert.ok(mine.keys.size > 0)
    for (const key of mine.keys) assert.ok(key.length < 80, `${key.length} characters`)
    assert.equal(boundedId('p/short'), 'p/short')
    assert.notEqual(boundedId(`p/${'x'.repeat(300)}`), boundedId(`p/${'x'.repeat(301)}`), 'distinct names, distinct digests')
  })

  it('undeclared deployments share a store of bounded size: ten thousand names never hold more than its cap', async () => {
    const mine = createMemoryStore(Date.now, { maxKeys: 64 })
    const states = deploymentStates(createMemoryStore(), mine)
    const cooldowns = createCooldowns(states, createMetrics({ processMetrics: false }), createDeploymentStats())
    for (let i = 0; i < 10_000; i++) await cooldowns.attempted(undeclared(`name-${i}`), policy)
    let held = 0
    for (let i = 0; i < 10_000; i++) if ((await states(undeclared(`name-${i}`)).store.total(states(undeclared(`name-${i}`)).key('attempts'), policy.windowMs)) > 0) held++
    assert.ok(held <= 64, `${held} names still held`)
  })
})

describe('deployment stats', () => {
  it('stay bounded over unique and huge ids, and count in-flight requests exactly', () => {
    const stats = createDeploymentStats({ maxEntries: 50 })
    const huge = `p/${'x'.repeat(3.5 * 1024 * 1024)}`
    stats.begin(huge)
    stats.begin(huge)
    for (let i = 0; i < 5000; i++) {
      const id = `p/name-${i}`
      stats.begin(id)
      stats.observeLatency(id, i)
      stats.setExportedState(undeclared(`name-${i}`), 1)
      stats.end(id)
    }
    assert.equal(stats.inFlight(huge), 2)
    stats.end(huge)
    stats.end(huge)
    assert.deepEqual(stats.size(), { inFlight: 0, latency: 50, exported: 50 })
    assert.equal(stats.latencyMs('p/name-4999'), 4999)
    assert.equal(stats.latencyMs('p/name-0'), undefined, 'evicted, so measured again')
  })
})
