/**
 * One contract, two backends: the in-memory store and the Redis store (against a real
 * redis-server) must answer every operation alike, and Redis must stay exact when two clients
 * (as two replicas would) race for one window.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { createMemoryStore } from '../../src/state/memory-store.js'
import { createRedisStore, type RedisStore } from '../../src/state/redis-store.js'
import type { StateStore } from '../../src/state/store.js'
import { testClock } from '../helpers/in-process.js'
import { startRedis, type TestRedis } from '../helpers/redis-server.js'

/** A store and how a test lets time pass for it: the memory store's clock is advanced; Redis keeps its own time. */
interface Subject {
  s: StateStore
  pass(ms: number): Promise<void>
}

function contract(name: string, make: () => Promise<Subject>) {
  describe(`${name} store`, () => {
    it('tryConsume allows up to the limit, then refuses with the time until room frees up', async () => {
      const { s } = await make()
      for (let i = 1; i <= 3; i++) assert.deepEqual(await s.tryConsume('w1', 1, 3, 1000), { allowed: true, total: i, retryAfterMs: 0 })
      const refused = await s.tryConsume('w1', 1, 3, 1000)
      assert.equal(refused.allowed, false)
      assert.equal(refused.total, 3)
      assert.ok(refused.retryAfterMs > 900 && refused.retryAfterMs <= 1000, `retryAfterMs ${refused.retryAfterMs}`)
      assert.equal(await s.total('w1', 1000), 3, 'a refused consume records nothing')
    })

    it('the window slides: old events expire', async () => {
      const { s, pass } = await make()
      assert.equal((await s.tryConsume('w2', 2, 2, 150)).allowed, true)
      assert.equal((await s.tryConsume('w2', 1, 2, 150)).allowed, false)
      await pass(200)
      assert.equal(await s.total('w2', 150), 0)
      assert.equal((await s.tryConsume('w2', 2, 2, 150)).allowed, true)
    })

    it('add records amounts without a limit; retryAfter counts the events that must expire', async () => {
      const { s, pass } = await make()
      await s.add('w3', 5, 1000)
      await pass(120)
      await s.add('w3', 7, 1000)
      assert.equal(await s.total('w3', 1000), 12)
      // 12 + 3 > 10: the first event (5) must expire, which is ~880 ms away, not the full window.
      const refused = await s.tryConsume('w3', 3, 10, 1000)
      assert.equal(refused.allowed, false)
      assert.ok(refused.retryAfterMs > 700 && refused.retryAfterMs <= 900, `retryAfterMs ${refused.retryAfterMs}`)
    })

    it('get/set expire; delete removes', async () => {
      const { s, pass } = await make()
      assert.equal(await s.get('v'), undefined)
      await s.set('v', 'hello', 150)
      assert.equal(await s.get('v'), 'hello')
      await pass(200)
      assert.equal(await s.get('v'), undefined)
      await s.set('v', 'again', 10_000)
      await s.delete('v')
      assert.equal(await s.get('v'), undefined)
    })

    it('incrementFloat adds fractions and expires from its creation', async () => {
      const { s, pass } = await make()
      assert.equal(await s.incrementFloat('f', 0.1, 200), 0.1)
      assert.ok(Math.abs((await s.incrementFloat('f', 0.2, 200)) - 0.3) < 1e-12)
      await pass(250)
      assert.equal(await s.incrementFloat('f', 0.5, 200), 0.5)
      assert.equal(await s.incrementFloat('g', 1.25), 1.25)
    })
  })
}

contract('memory', async () => {
  const clock = testClock()
  return { s: createMemoryStore(clock.now), pass: async (ms) => clock.advance(ms) }
})

describe('redis', () => {
  let redis: TestRedis
  const stores: RedisStore[] = []
  before(async () => {
    redis = await startRedis()
  })
  after(async () => {
    await Promise.all(stores.map((s) => s.close()))
    await redis.close()
  })

  contract('redis', async () => {
    const s = createRedisStore({ url: redis.url, prefix: `c${stores.length}:` })
    stores.push(s)
    assert.equal(await s.ready(5000), true)
    // Redis reads its own clock (TIME in its scripts, PEXPIRE): time has to pass for real.
    return { s, pass: (ms) => sleep(ms) }
  })

  it('two clients racing for one window never exceed its limit', async () => {
    const a = createRedisStore({ url: redis.url, prefix: 'race:' })
    const b = createRedisStore({ url: redis.url, prefix: 'race:' })
    stores.push(a, b)
    await Promise.all([a.ready(5000), b.ready(5000)])
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).tryConsume('shared', 1, 37, 60_000)))
    assert.equal(results.filter((r) => r.allowed).length, 37)
    assert.equal(await a.total('shared', 60_000), 37)
  })

  it('fails fast while Redis is down and works again once it is back', async () => {
    const s = createRedisStore({ url: redis.url, prefix: 'down:' })
    stores.push(s)
    await s.ready(5000)
    await redis.stop()
    const started = performance.now()
    await assert.rejects(s.tryConsume('k', 1, 5, 1000))
    assert.ok(performance.now() - started < 1500, 'a command does not wait for a reconnect')
    await redis.start()
    assert.equal(await s.ready(10_000), true)
    assert.equal((await s.tryConsume('k', 1, 5, 1000)).allowed, true)
  })
})

describe('memory store windows at volume', () => {
  it('stays exact over thousands of events as they expire (running total, compacted head)', async () => {
    let clock = 1_000_000
    const s = createMemoryStore(() => clock)
    // 5,000 events, two per millisecond (merged), amounts 1..3.
    let expected: { at: number; amount: number }[] = []
    for (let i = 0; i < 5000; i++) {
      if (i % 2 === 0) clock++
      const amount = (i % 3) + 1
      assert.equal((await s.tryConsume('big', amount, 1e9, 1000)).allowed, true)
      expected.push({ at: clock, amount })
    }
    // Slide the window over the events, checking the total against a recount each step.
    for (let step = 0; step < 40; step++) {
      clock += 97
      expected = expected.filter((e) => e.at > clock - 1000)
      assert.equal(await s.total('big', 1000), expected.reduce((t, e) => t + e.amount, 0), `step ${step}`)
    }
    assert.equal(await s.total('big', 1000), 0)
    assert.equal((await s.tryConsume('big', 3, 3, 1000)).allowed, true)
  })

  it('retryAfter counts from the oldest live events after a compaction', async () => {
    let clock = 0
    const s = createMemoryStore(() => clock)
    for (let i = 0; i < 3000; i++) {
      clock++
      await s.add('r', 1, 2000)
    }
    clock = 4000 // events 1..2000 have expired; 2001..3000 are live
    assert.equal(await s.total('r', 2000), 1000)
    const refused = await s.tryConsume('r', 2, 1001, 2000)
    // Room for 2 more needs the oldest live event (at 2001) gone: at 4001.
    assert.deepEqual(refused, { allowed: false, total: 1000, retryAfterMs: 1 })
    const refused2 = await s.tryConsume('r', 10, 1001, 2000)
    // 9 events must expire: the 9th oldest is at 2009, gone at 4009.
    assert.equal(refused2.retryAfterMs, 9)
  })
})
