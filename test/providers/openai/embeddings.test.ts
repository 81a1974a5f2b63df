import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { JsonObject } from '../../../src/canonical/chat.js'
import type { EmbeddingsRequest } from '../../../src/canonical/embeddings.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { openaiAdapter } from '../../../src/providers/openai/index.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { makeCtx } from './helpers.js'

const ctx = makeCtx()
const embeddings = openaiAdapter.embeddings
if (embeddings === undefined) throw new Error('openai adapter has no embeddings')

const FLOATS = [
  [0.0057293195, -0.012727811, 0.020042092, -0.013437585, 0.022833068],
  [-0.037104916, -0.05178114, -0.008340587, 0.001164541, -0.0035253682],
]

describe('openai embeddings', () => {
  it('request: the canonical request as OpenAI’s body (the recorded one), POST /embeddings', async () => {
    const raw = fixtureJson<JsonObject>('openai', 'embeddings-request-base64.json')
    const req: EmbeddingsRequest = { model: 'text-embedding-3-small', input: ['sunny day at the beach', 'rainy day in the city'], single: false, encodingFormat: 'base64' }
    const up = await embeddings.buildEmbeddingsRequest(req, ctx)
    assert.equal(up.url, 'https://api.openai.com/v1/embeddings')
    assert.equal(up.method, 'POST')
    assert.equal(up.headers.authorization, 'Bearer sk-test-0123456789abcdef')
    assert.equal(up.body, JSON.stringify(raw))
  })

  it('float answer', () => {
    const r = embeddings.parseEmbeddings(fixtureJson('openai', 'embeddings-response-float.json'), ctx)
    assert.deepEqual(r, { upstreamModel: 'text-embedding-3-small', vectors: FLOATS, usage: { promptTokens: 12, totalTokens: 12 } })
  })

  it('base64 answer decodes (little-endian float32) to the same vectors as the float one', () => {
    const r = embeddings.parseEmbeddings(fixtureJson('openai', 'embeddings-response-base64.json'), ctx)
    assert.equal(r.vectors.length, 2)
    for (let v = 0; v < 2; v++) {
      assert.equal(r.vectors[v].length, 5)
      // float32 holds ~7 significant digits; the float answer prints the shortest float32 round-trip.
      for (let i = 0; i < 5; i++) assert.equal(r.vectors[v][i], Math.fround(FLOATS[v][i]))
    }
    assert.deepEqual(r.usage, { promptTokens: 12, totalTokens: 12 })
  })

  it('items are returned in index order', () => {
    const r = embeddings.parseEmbeddings({ data: [{ index: 1, embedding: [2] }, { index: 0, embedding: [1] }] }, ctx)
    assert.deepEqual(r.vectors, [[1], [2]])
  })

  it('malformed answers are upstream errors', () => {
    const bad = (body: unknown) => assert.throws(() => embeddings.parseEmbeddings(body, ctx), (e: unknown) => e instanceof GatewayError && e.kind === 'upstream_error')
    bad({ data: [{ index: 0, embedding: 'AAA=' }] }) // 2 bytes: not whole float32s
    bad({ data: [{ index: 0, embedding: { x: 1 } }] })
    bad({ object: 'list' })
  })
})
