import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bedrockAdapter } from '../../../src/providers/bedrock/index.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import type { EmbeddingsRequest } from '../../../src/canonical/embeddings.js'
import { bedrockContext } from './context.js'

const embeddings = bedrockAdapter.embeddings
assert.ok(embeddings !== undefined)

const request = (overrides: Partial<EmbeddingsRequest> = {}): EmbeddingsRequest => ({
  model: 'amazon.titan-embed-text-v2:0',
  input: ['hello world'],
  single: true,
  encodingFormat: 'float',
  ...overrides,
})

test('Titan v2: one inputText per signed InvokeModel call', async () => {
  const upstream = await embeddings.buildEmbeddingsRequest(request({ dimensions: 256 }), bedrockContext())
  assert.equal(upstream.url, 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke')
  assert.equal(upstream.method, 'POST')
  assert.equal(upstream.headers.accept, 'application/json')
  assert.match(upstream.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/)
  assert.deepEqual(JSON.parse(upstream.body as string), { inputText: 'hello world', dimensions: 256, normalize: true })
})

test('Titan: several inputs are refused with a clear 400', async () => {
  await assert.rejects(
    async () => embeddings.buildEmbeddingsRequest(request({ input: ['a', 'b'], single: false }), bedrockContext()),
    (err: unknown) =>
      err instanceof GatewayError && err.kind === 'invalid_request' && err.detail.param === 'input' && /one input per request/.test(err.message),
  )
})

test('Titan v1 has no dimensions', async () => {
  await assert.rejects(
    async () => embeddings.buildEmbeddingsRequest(request({ model: 'amazon.titan-embed-text-v1', dimensions: 256 }), bedrockContext()),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'dimensions',
  )
})

test('Titan response: one vector and the input token count', () => {
  assert.deepEqual(embeddings.parseEmbeddings({ embedding: [0.1, 0.2, -0.3], inputTextTokenCount: 3, embeddingsByType: { float: [0.1, 0.2, -0.3] } }, bedrockContext()), {
    vectors: [[0.1, 0.2, -0.3]],
    usage: { promptTokens: 3, totalTokens: 3 },
  })
})

test('Cohere: texts with an input_type (default search_document, or from options)', async () => {
  const plain = await embeddings.buildEmbeddingsRequest(request({ model: 'cohere.embed-english-v3', input: ['a', 'b'], single: false }), bedrockContext())
  assert.deepEqual(JSON.parse(plain.body as string), { texts: ['a', 'b'], input_type: 'search_document' })
  const ctx = bedrockContext({ options: { region: 'us-east-1', access_key_id: 'AKIAEXAMPLE', secret_access_key: 's', input_type: 'search_query' } })
  const query = await embeddings.buildEmbeddingsRequest(request({ model: 'cohere.embed-multilingual-v3', input: ['q'] }), ctx)
  assert.deepEqual(JSON.parse(query.body as string), { texts: ['q'], input_type: 'search_query' })
})

test('Cohere responses: plain float arrays, or by type', () => {
  assert.deepEqual(
    embeddings.parseEmbeddings({ embeddings: [[1, 2], [3, 4]], id: 'x', response_type: 'embeddings_floats', texts: ['a', 'b'] }, bedrockContext()),
    { vectors: [[1, 2], [3, 4]] },
  )
  assert.deepEqual(
    embeddings.parseEmbeddings({ embeddings: { float: [[5, 6]] }, id: 'y', response_type: 'embeddings_by_type' }, bedrockContext()),
    { vectors: [[5, 6]] },
  )
})

test('token inputs, unknown models and odd responses are errors', async () => {
  await assert.rejects(
    async () => embeddings.buildEmbeddingsRequest(request({ input: [[1, 2]] }), bedrockContext({}, true)),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'input',
  )
  await assert.rejects(
    async () => embeddings.buildEmbeddingsRequest(request({ model: 'anthropic.claude-3-haiku-20240307-v1:0' }), bedrockContext()),
    (err: unknown) => err instanceof GatewayError && err.detail.param === 'model',
  )
  assert.throws(() => embeddings.parseEmbeddings({ nothing: true }, bedrockContext()), (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error')
})
