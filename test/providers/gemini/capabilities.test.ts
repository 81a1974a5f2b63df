import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geminiAdapter } from '../../../src/providers/gemini/index.js'

test('chat models: tools, vision, JSON schema, streaming; limits per family', () => {
  assert.deepEqual(geminiAdapter.capabilities('gemini-2.0-flash'), {
    streaming: true,
    tools: true,
    vision: true,
    jsonSchema: true,
    embeddings: false,
    contextWindow: 1_048_576,
    maxOutputTokens: 8192,
  })
  assert.equal(geminiAdapter.capabilities('gemini-2.5-pro').maxOutputTokens, 65_536)
  assert.equal(geminiAdapter.capabilities('gemini-3-pro-preview').contextWindow, 1_048_576)
  assert.equal(geminiAdapter.capabilities('gemini-1.5-pro-002').contextWindow, 2_097_152)
  assert.equal(geminiAdapter.capabilities('some-future-model').contextWindow, undefined)
  assert.equal(geminiAdapter.passthrough, undefined) // no protocol of a front door is spoken natively: always translated
  assert.equal(geminiAdapter.kind, 'gemini')
})

test('embedding models embed and nothing else', () => {
  for (const model of ['text-embedding-004', 'gemini-embedding-001', 'models/gemini-embedding-001']) {
    const caps = geminiAdapter.capabilities(model)
    assert.equal(caps.embeddings, true, model)
    assert.equal(caps.tools, false, model)
  }
})
