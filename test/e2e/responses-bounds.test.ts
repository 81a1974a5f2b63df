/**
 * Stored responses are bounded: in memory, by count (least recently used dropped first); in
 * size, per response (a larger one is answered but not kept, and continuing it says why).
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'

describe('stored responses are bounded', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: 0, tokens_per_second: 100000 }
models:
  m: fake/echo
responses: { max_entries: 2, max_entry_bytes: 4096 }
`)
  })
  after(() => gw?.close())

  it('keeps at most max_entries in memory, dropping the least recently used', async () => {
    const ids: string[] = []
    for (const input of ['one', 'two', 'three']) ids.push((await gw.client.responses.create({ model: 'm', input })).id)
    await assert.rejects(gw.client.responses.retrieve(ids[0]!), (err: { status?: number }) => err.status === 404)
    assert.equal((await gw.client.responses.retrieve(ids[1]!)).id, ids[1])
    assert.equal((await gw.client.responses.retrieve(ids[2]!)).id, ids[2])
  })

  it('answers a response larger than max_entry_bytes, keeps only a marker, and says so when it is continued', async () => {
    const big = await gw.client.responses.create({ model: 'm', input: 'a long prompt '.repeat(600) })
    assert.equal(big.status, 'completed')
    await assert.rejects(gw.client.responses.retrieve(big.id), (err: { status?: number }) => err.status === 404)
    await assert.rejects(gw.client.responses.create({ model: 'm', input: 'more', previous_response_id: big.id }), (err: { status?: number; message?: string }) => err.status === 400 && /max_entry_bytes/.test(err.message ?? ''))
  })
})
