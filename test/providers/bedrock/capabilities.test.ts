import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bedrockAdapter } from '../../../src/providers/bedrock/index.js'

test('chat models stream and call tools; Claude and Nova Lite/Pro see images, Nova Micro does not, others unknown', () => {
  assert.deepEqual(bedrockAdapter.capabilities('anthropic.claude-3-haiku-20240307-v1:0'), {
    streaming: true,
    tools: true,
    vision: true,
    jsonSchema: false,
    embeddings: false,
  })
  assert.equal(bedrockAdapter.capabilities('us.anthropic.claude-sonnet-4-20250514-v1:0').vision, true)
  assert.equal(bedrockAdapter.capabilities('us.amazon.nova-lite-v1:0').vision, true)
  assert.equal(bedrockAdapter.capabilities('amazon.nova-pro-v1:0').vision, true)
  assert.equal(bedrockAdapter.capabilities('us.amazon.nova-micro-v1:0').vision, false)
  // A model we cannot place is unknown, not a no: Converse decides.
  assert.equal(bedrockAdapter.capabilities('meta.llama3-8b-instruct-v1:0').vision, undefined)
  assert.equal(bedrockAdapter.capabilities('arn:aws:bedrock:us-east-1:123456789012:custom-model/x').vision, undefined)
  assert.equal(bedrockAdapter.kind, 'bedrock')
  assert.equal(bedrockAdapter.passthrough, undefined) // no protocol of a front door is spoken natively: always translated
})

test('Titan and Cohere embedding models embed', () => {
  for (const model of ['amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3']) {
    const caps = bedrockAdapter.capabilities(model)
    assert.equal(caps.embeddings, true, model)
    assert.equal(caps.tools, false, model)
  }
})
