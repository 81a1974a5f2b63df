import { test } from 'node:test'
import assert from 'node:assert/strict'
import { anthropicAdapter } from '../../../src/providers/anthropic/index.js'
import { anthropicCtx } from './helpers.js'

test('capabilities by model family', () => {
  assert.deepEqual(anthropicAdapter.capabilities('claude-sonnet-4-5-20250929'), {
    streaming: true,
    tools: true,
    vision: true,
    jsonSchema: true,
    embeddings: false,
    contextWindow: 200000,
    maxOutputTokens: 64000,
  })
  const table: Array<[string, number, boolean]> = [
    ['claude-3-5-haiku-20241022', 8192, false],
    ['claude-3-5-haiku-latest', 8192, false],
    ['claude-3-5-sonnet-20241022', 8192, false],
    ['claude-3-5-sonnet-20240620', 4096, false],
    ['claude-3-7-sonnet-20250219', 64000, false],
    ['claude-3-opus-20240229', 4096, false],
    ['claude-3-haiku-20240307', 4096, false],
    ['claude-sonnet-4-20250514', 64000, false],
    ['claude-sonnet-4-0', 64000, false],
    ['claude-opus-4-20250514', 32000, false],
    ['claude-opus-4-1-20250805', 32000, false],
    ['claude-haiku-4-5-20251001', 64000, true],
    ['claude-opus-4-5', 64000, true],
    ['claude-opus-4-6', 128000, true],
    ['claude-sonnet-4-6', 128000, true],
    ['my-custom-claude', 4096, false],
  ]
  for (const [model, maxOut, jsonSchema] of table) {
    const caps = anthropicAdapter.capabilities(model)
    assert.equal(caps.maxOutputTokens, maxOut, model)
    assert.equal(caps.jsonSchema, jsonSchema, model)
    assert.equal(caps.contextWindow, 200000)
  }
  // Its own protocol passes through; OpenAI's does not.
  const provider = anthropicCtx().provider
  assert.equal(anthropicAdapter.passthrough?.speaks('openai-chat', provider), false)
  assert.equal(anthropicAdapter.passthrough?.speaks('anthropic-messages', provider), true)
  assert.equal(anthropicAdapter.embeddings, undefined)
})
