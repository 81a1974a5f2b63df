/**
 * Stored responses shared by replicas through Redis (a real redis-server): a response made on one
 * gateway is retrieved, continued and deleted on another, with the key's ownership holding
 * across them; while Redis is down, stored responses answer 503 (retry), never a 500.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import OpenAI from 'openai'
import { hashKey } from '../../src/config/resolve-access.js'
import { startRedis, type TestRedis } from '../helpers/redis-server.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'

const ALICE = 'sk-alice-redis-0123456789'
const BOB = 'sk-bob-redis-0123456789ab'

const yaml = (redisUrl: string) => `
state: { backend: redis, url: "${redisUrl}" }
providers:
  fake: { kind: fake, ttft_ms: 0, tokens_per_second: 100000 }
models:
  m: fake/echo
keys:
  - { name: alice, hash: "sha256:${hashKey(ALICE)}" }
  - { name: bob, hash: "sha256:${hashKey(BOB)}" }
responses: { retention_seconds: 600 }
`

describe('stored responses across two replicas sharing Redis', () => {
  let redis: TestRedis
  let a: TestGateway
  let b: TestGateway
  const client = (gw: TestGateway, key: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0 })

  before(async () => {
    redis = await startRedis()
    a = await startTestGateway(yaml(redis.url))
    b = await startTestGateway(yaml(redis.url))
  })
  after(async () => {
    await Promise.all([a?.close(), b?.close()])
    await redis?.close()
  })

  it('a response made on one replica is read, continued and deleted on the other, by its key only', async () => {
    const made = await client(a, ALICE).responses.stream({ model: 'm', input: 'Remember the word heron.' }).finalResponse()
    const read = await client(b, ALICE).responses.retrieve(made.id)
    assert.equal(read.output_text, made.output_text)
    await assert.rejects(client(b, BOB).responses.retrieve(made.id), (err: { status?: number }) => err.status === 404)
    const next = await client(b, ALICE).responses.create({ model: 'm', input: 'Which word?', previous_response_id: made.id })
    assert.equal(next.previous_response_id, made.id)
    const items = await client(a, ALICE).responses.inputItems.list(next.id)
    assert.equal(items.data.length, 1)
    await client(a, ALICE).responses.delete(made.id)
    await assert.rejects(client(b, ALICE).responses.retrieve(made.id), (err: { status?: number }) => err.status === 404)
    // Its continuation now has a missing turn: refused with the reason, not answered without it.
    await assert.rejects(client(b, ALICE).responses.create({ model: 'm', input: 'Again?', previous_response_id: next.id }), (err: { status?: number; message?: string }) => err.status === 400 && /no longer stored/.test(err.message ?? ''))
  })

  it('while Redis is down, stored responses answer 503 with Retry-After', async () => {
    const made = await client(a, ALICE).responses.create({ model: 'm', input: 'hi' })
    await redis.stop()
    try {
      const res = await fetch(`${a.url}/v1/responses/${made.id}`, { headers: { authorization: `Bearer ${ALICE}` } })
      assert.equal(res.status, 503)
      assert.equal(res.headers.get('retry-after'), '1')
      const body = (await res.json()) as { error: { code: string } }
      assert.equal(body.error.code, 'state_unavailable')
    } finally {
      await redis.start()
    }
  })
})
