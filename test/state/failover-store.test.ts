/**
 * The failover wrapper over a real Redis client pointed at a port where nothing listens:
 * fail open counts locally, fail closed refuses with an OpenAI-shaped 503, cached answers
 * never fall back, and nothing but a GatewayError (or a miss) reaches the caller.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { createFailoverStore } from '../../src/state/failover-store.js'
import { createMemoryStore } from '../../src/state/memory-store.js'
import { createRedisStore, type RedisStore } from '../../src/state/redis-store.js'
import { freePort } from '../helpers/free-port.js'

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
    const store = createFailoverStore(await unreachable(), createMemoryStore(), { failOpen: true, onFailure: (op) => failures.push(op), sharedOnly: (k) => k.startsWith('cache:') })
    assert.equal((await store.tryConsume('k', 1, 1, 60_000)).allowed, true)
    assert.equal((await store.tryConsume('k', 1, 1, 60_000)).allowed, false, 'the local window still limits')
    assert.equal(await store.incrementFloat('spend', 0.5, 1000), 0.5)
    await assert.rejects(store.set('cache:x', 'answer', 1000), (err: unknown) => !(err instanceof GatewayError), 'cached answers are never kept locally')
    assert.deepEqual(failures, ['tryConsume', 'tryConsume', 'incrementFloat', 'set'])
  })

  it('fail closed: a 503 state_unavailable GatewayError, nothing else', async () => {
    const store = createFailoverStore(await unreachable(), createMemoryStore(), { failOpen: false, onFailure: () => undefined })
    await assert.rejects(store.tryConsume('k', 1, 5, 60_000), (err: unknown) => {
      assert.ok(err instanceof GatewayError)
      assert.equal(err.status, 503)
      assert.equal(err.code, 'state_unavailable')
      return true
    })
  })
})
