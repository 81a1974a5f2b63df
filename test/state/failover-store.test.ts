/**
 * The failover wrapper: with Redis unreachable (a port where nothing listens) or frozen (a real
 * redis-server under SIGSTOP), each kind of state follows its outage policy: routing state is
 * counted in this process's memory whatever fail_open says, a key's limits are counted locally
 * (fail_open) or refused with a 503, cached answers miss. Nothing but a GatewayError (or a
 * miss) reaches the caller, an unusable store costs no waiting, and the outage is reported
 * once per transition.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { DeploymentConfig } from '../../src/config/types.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { createMetrics } from '../../src/metrics/metrics.js'
import { createRoutingRuntime } from '../../src/routing/runtime.js'
import { outagePolicy } from '../../src/state/create-state.js'
import { createFailoverStore } from '../../src/state/failover-store.js'
import { createMemoryStore } from '../../src/state/memory-store.js'
import { createRedisStore, type RedisStore } from '../../src/state/redis-store.js'
import { freePort } from '../helpers/free-port.js'
import { startRedis, type TestRedis } from '../helpers/redis-server.js'

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('failover store with Redis unreachable', () => {
  const clients: RedisStore[] = []
  const unreachable = async () => {
    const s = createRedisStore({ url: `redis://127.0.0.1:${await freePort()}` })
    clients.push(s)
    return s
  }
  after(async () => {
    await Promise.all(clients.map((c) => c.close()))
  })

  it('fail open: counts locally and reports each failure', async () => {
    const failures: string[] = []
    const store = createFailoverStore(await unreachable(), createMemoryStore(), { outage: outagePolicy(true), onFailure: (op) => failures.push(op) })
    assert.equal((await store.tryConsume('k', 1, 1, 60_000)).allowed, true)
    assert.equal((await store.tryConsume('k', 1, 1, 60_000)).allowed, false, 'the local window still limits')
    assert.equal(await store.incrementFloat('spend', 0.5, 1000), 0.5)
    await assert.rejects(store.set('cache:x', 'answer', 1000), (err: unknown) => !(err instanceof GatewayError), 'cached answers are never kept locally')
    assert.deepEqual(failures, ['tryConsume', 'tryConsume', 'incrementFloat', 'set'])
  })

  it("fail closed: a key's limits are a 503 state_unavailable GatewayError, nothing else", async () => {
    const store = createFailoverStore(await unreachable(), createMemoryStore(), { outage: outagePolicy(false), onFailure: () => undefined })
    for (const key of ['key:team:rpm', 'key:team:spend']) {
      await assert.rejects(store.tryConsume(key, 1, 5, 60_000), (err: unknown) => {
        assert.ok(err instanceof GatewayError)
        assert.equal(err.status, 503)
        assert.equal(err.code, 'state_unavailable')
        return true
      })
    }
  })

  it('fail closed: routing state (deployment limits, cooldowns) is still counted, locally', async () => {
    const store = createFailoverStore(await unreachable(), createMemoryStore(), { outage: outagePolicy(false), onFailure: () => undefined })
    assert.equal((await store.tryConsume('sy:rpm:up/a', 1, 1, 60_000)).allowed, true)
    assert.equal((await store.tryConsume('sy:rpm:up/a', 1, 1, 60_000)).allowed, false)
    await store.set('sy:circuit:up/a', '123', 1000)
    assert.equal(await store.get('sy:circuit:up/a'), '123')
  })

  it('while the shared store is marked unusable, operations do not touch it', async () => {
    let calls = 0
    const counting = createMemoryStore()
    const shared = { ...counting, tryConsume: (...args: Parameters<typeof counting.tryConsume>) => (calls++, counting.tryConsume(...args)) }
    const failures: unknown[] = []
    const store = createFailoverStore(shared, createMemoryStore(), { outage: outagePolicy(true), usable: () => false, onFailure: (_op, err) => failures.push(err) })
    assert.equal((await store.tryConsume('key:t:rpm', 1, 5, 1000)).allowed, true)
    assert.equal(calls, 0)
    assert.equal(failures.length, 1, 'a skipped operation is still counted as a failure')
  })
})

describe('with a real Redis that freezes (SIGSTOP)', () => {
  let redis: TestRedis
  before(async () => {
    redis = await startRedis()
  })
  after(async () => {
    await redis?.close()
  })

  it('the health ping reports the freeze and the thaw, once each', async () => {
    const changes: boolean[] = []
    const store = createRedisStore({ url: redis.url, prefix: 'freeze:', commandTimeoutMs: 300, healthCheckMs: 100, onConnectionChange: (up) => changes.push(up) })
    try {
      assert.equal(await store.ready(5000), true)
      redis.pause()
      await until('the freeze to be noticed', () => !store.connected())
      await new Promise((r) => setTimeout(r, 600))
      assert.deepEqual(changes, [true, false], 'down once, however many pings fail')
      redis.resume()
      await until('the thaw to be noticed', () => store.connected())
      assert.deepEqual(changes, [true, false, true])
      assert.equal((await store.tryConsume('k', 1, 5, 1000)).allowed, true)
    } finally {
      await store.close()
    }
  })

  it('an rpm-30 deployment takes 30 of 100 through the routing runtime with fail_open false, without waiting on Redis for each', async () => {
    const metrics = createMetrics({ processMetrics: false })
    const redisStore = createRedisStore({ url: redis.url, prefix: 'rpm:', commandTimeoutMs: 500, healthCheckMs: 200 })
    const failures: string[] = []
    const store = createFailoverStore(redisStore, createMemoryStore(), {
      outage: outagePolicy(false),
      usable: redisStore.connected,
      onFailure(op, err) {
        failures.push(op)
        if (redisStore.connected()) redisStore.markDown(err instanceof Error ? err.message : String(err))
      },
    })
    const { limits, cooldowns } = createRoutingRuntime(store, metrics)
    const d: DeploymentConfig = { id: 'up/limited', target: 'up/limited', provider: 'up', model: 'limited', weight: 1, rpm: 30 }
    const policy = { minFailures: 3, failureRatio: 0.5, windowMs: 10_000, durationMs: 5_000 }
    try {
      assert.equal(await redisStore.ready(5000), true)
      redis.pause()
      const started = performance.now()
      let accepted = 0
      for (let i = 0; i < 100; i++) {
        const circuit = await cooldowns.admit(d, policy)
        assert.equal(circuit.ok, true)
        if ((await limits.acquire(d)).ok) accepted++
      }
      const elapsed = performance.now() - started
      assert.equal(accepted, 30)
      // One operation waits for the timeout (it marks Redis down); the rest go straight to memory.
      assert.ok(elapsed < 10_000, `${elapsed.toFixed(0)} ms for 100 admissions`)
      assert.ok(failures.length >= 200)
    } finally {
      redis.resume()
      await store.close()
    }
  })
})
