import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import type { EmbeddingsRequest } from '../../../src/canonical/embeddings.js'
import { API_KEY, geminiContext } from './context.js'

const embeddings = geminiAdapter.embeddings
assert.ok(embeddings !== undefined)

const request = (overrides: Partial<EmbeddingsRequest> = {}): EmbeddingsRequest => ({
  model: 'gemini-embedding-001',
  input: ['first', 'second'],
  single: false,
  encodingFormat: 'float',
  ...overrides,
})

test('batchEmbedContents: one request per input, model repeated, dimensions passed', async () => {
  const upstream = await embeddings.buildEmbeddingsRequest(request({ dimensions: 768 }), geminiContext())
  assert.equal(upstream.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents')
  assert.equal(upstream.method, 'POST')
  assert.equal(upstream.headers['x-goog-api-key'], API_KEY)
  assert.deepEqual(JSON.parse(upstream.body as string), {
    requests: [
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'first' }] }, outputDimensionality: 768 },
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'second' }] }, outputDimensionality: 768 },
    ],
  })
})

test('embeddings[].values come back in order', () => {
  const result = embeddings.parseEmbeddings({ embeddings: [{ values: [0.1, -0.2] }, { values: [0.3, 0.4] }] }, geminiContext())
  assert.deepEqual(result, { vectors: [[0.1, -0.2], [0.3, 0.4]] })
})

test('a malformed embedding is an upstream_error', () => {
  assert.throws(
    () => embeddings.parseEmbeddings({ embeddings: [{ values: ['x'] }] }, geminiContext()),
    (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error',
  )
})

test('token-id inputs are refused, even with drop_params', async () => {
  for (const drop of [false, true]) {
    await assert.rejects(
      async () => embeddings.buildEmbeddingsRequest(request({ input: [[1, 2, 3]] }), geminiContext({}, drop)),
      (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request' && err.detail.param === 'input',
    )
  }
})
