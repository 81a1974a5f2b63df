import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { EmbeddingsRequest } from '../../../src/canonical/embeddings.js'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { ollamaAdapter } from '../../../src/providers/ollama/index.js'
import type { EmbeddingsAdapter } from '../../../src/providers/types.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { ollamaCtx } from './helpers.js'

function embeddings(): EmbeddingsAdapter {
  const adapter = ollamaAdapter.embeddings
  assert.ok(adapter !== undefined)
  return adapter
}

function embedRequest(partial: Partial<EmbeddingsRequest>): EmbeddingsRequest {
  return { model: 'all-minilm', input: [], single: false, encodingFormat: 'float', ...partial }
}

test('request equals embed-request.json', async () => {
  const upstream = await embeddings().buildEmbeddingsRequest(
    embedRequest({ input: ['Why is the sky blue?', 'Why is the grass green?'], user: 'u1' }),
    ollamaCtx(),
  )
  assert.equal(upstream.url, 'http://localhost:11434/api/embed')
  assert.equal(upstream.method, 'POST')
  assert.deepEqual(upstream.headers, { 'content-type': 'application/json' })
  assert.deepEqual(JSON.parse(upstream.body as string), fixtureJson('ollama', 'embed-request.json'))
})

test('dimensions and keep_alive pass through', async () => {
  const upstream = await embeddings().buildEmbeddingsRequest(
    embedRequest({ input: ['a'], single: true, dimensions: 256 }),
    ollamaCtx({}, { options: { keep_alive: 0 } }),
  )
  assert.deepEqual(JSON.parse(upstream.body as string), { model: 'all-minilm', input: ['a'], dimensions: 256, keep_alive: 0 })
})

test('token-array input is refused, even when the route drops parameters', async () => {
  const req = embedRequest({ input: [[1, 2, 3]] })
  for (const dropParams of [false, true]) {
    await assert.rejects(
      async () => embeddings().buildEmbeddingsRequest(req, ollamaCtx({ dropParams })),
      (err: unknown) => err instanceof GatewayError && err.kind === 'invalid_request' && err.detail.param === 'input',
    )
  }
})

test('embed-response.json → two vectors, no usage', () => {
  const result = embeddings().parseEmbeddings(fixtureJson('ollama', 'embed-response.json'), ollamaCtx())
  assert.equal(result.upstreamModel, 'all-minilm')
  assert.equal(result.vectors.length, 2)
  assert.deepEqual(result.vectors[0]?.slice(0, 3), [0.010071029, -0.0017594862, 0.05007221])
  assert.deepEqual(result.vectors[1]?.slice(-2), [0.09951512, 0.09072481])
  assert.equal(result.vectors[1]?.length, 10)
  assert.equal(result.usage, undefined)
})

test('embed-response-single.json → one vector, usage from prompt_eval_count', () => {
  const result = embeddings().parseEmbeddings(fixtureJson('ollama', 'embed-response-single.json'), ollamaCtx())
  assert.equal(result.vectors.length, 1)
  assert.equal(result.vectors[0]?.[9], 0.031952348)
  assert.deepEqual(result.usage, { promptTokens: 8, totalTokens: 8 })
})

test('an answer without readable embeddings is an upstream_error', () => {
  for (const body of [{}, { embeddings: [] }, { embeddings: [[1, 'x']] }, { error: 'boom' }]) {
    assert.throws(() => embeddings().parseEmbeddings(body, ollamaCtx()), (err: unknown) => err instanceof GatewayError && err.kind === 'upstream_error')
  }
})

test('capabilities: what the pulled model can do is unknown (the server decides), streaming and format are the API\'s', () => {
  assert.deepEqual(ollamaAdapter.capabilities('llama3.2'), { streaming: true, tools: undefined, vision: undefined, jsonSchema: true, embeddings: undefined })
  assert.equal(ollamaAdapter.passthrough, undefined) // no protocol of a front door is spoken natively: always translated
})
