import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { EmbeddingsRequest } from '../../../src/canonical/embeddings.js'
import { fakeVector } from '../../../src/providers/fake/embeddings-answer.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import type { CallContext, EmbeddingsAdapter } from '../../../src/providers/types.js'
import { bodyText, fakeCtx } from './fake-helpers.js'

const embeddings: EmbeddingsAdapter = fakeAdapter.embeddings ?? assert.fail('fake adapter has no embeddings')

function request(input: string[] | number[][], encodingFormat: 'float' | 'base64', dimensions?: number): EmbeddingsRequest {
  return { model: 'fake-embed', input, single: false, encodingFormat, ...(dimensions === undefined ? {} : { dimensions }) }
}

async function embed(req: EmbeddingsRequest, ctx: CallContext): Promise<{ raw: Record<string, unknown>; vectors: number[][]; usage: unknown }> {
  const up = await embeddings.buildEmbeddingsRequest(req, ctx)
  assert.ok(up.local)
  const res = await up.local(new AbortController().signal)
  assert.equal(res.status, 200)
  const raw = JSON.parse(await bodyText(res)) as Record<string, unknown>
  const parsed = embeddings.parseEmbeddings(raw, ctx)
  return { raw, vectors: parsed.vectors, usage: parsed.usage }
}

const ctx = fakeCtx({ ttft_ms: 0 })
const inputs = ['sunny day at the beach', 'rainy day in the city']

describe('fake embeddings', () => {
  it('deterministic unit vectors of embedding_dimensions (default 16)', async () => {
    const a = await embed(request(inputs, 'float'), ctx)
    const b = await embed(request(inputs, 'float'), ctx)
    assert.deepEqual(a.vectors, b.vectors)
    assert.equal(a.vectors.length, 2)
    for (const v of a.vectors) {
      assert.equal(v.length, 16)
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-6)
    }
    assert.notDeepEqual(a.vectors[0], a.vectors[1])
    assert.deepEqual(a.vectors[0], fakeVector(inputs[0], 16))
    // Same usage as OpenAI recorded for these inputs (fixtures/openai/embeddings-response-float.json).
    assert.deepEqual(a.usage, { promptTokens: 12, totalTokens: 12 })
    assert.equal(a.raw.model, 'fake-embed')
  })

  it('base64 answers round-trip to exactly the float vectors', async () => {
    const floats = await embed(request(inputs, 'float'), ctx)
    const b64 = await embed(request(inputs, 'base64'), ctx)
    const data = b64.raw.data as { embedding: unknown }[]
    assert.equal(typeof data[0].embedding, 'string')
    assert.equal(Buffer.from(data[0].embedding as string, 'base64').byteLength, 16 * 4)
    assert.deepEqual(b64.vectors, floats.vectors)
  })

  it('embedding_dimensions from routes.yaml, and the client’s dimensions parameter', async () => {
    assert.equal((await embed(request(['x'], 'float'), fakeCtx({ ttft_ms: 0, embedding_dimensions: 8 }))).vectors[0].length, 8)
    assert.equal((await embed(request(['x'], 'base64', 5), ctx)).vectors[0].length, 5)
  })

  it('token-array inputs are counted by length', async () => {
    const r = await embed(request([[1, 2, 3], [4, 5]], 'float'), ctx)
    assert.deepEqual(r.usage, { promptTokens: 5, totalTokens: 5 })
    assert.equal(r.vectors.length, 2)
  })
})
