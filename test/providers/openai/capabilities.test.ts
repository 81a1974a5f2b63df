import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openaiAdapter } from '../../../src/providers/openai/index.js'

describe('openai capabilities', () => {
  it('well-known context windows', () => {
    assert.equal(openaiAdapter.capabilities('gpt-4o').contextWindow, 128000)
    assert.equal(openaiAdapter.capabilities('gpt-4o-2024-08-06').contextWindow, 128000)
    assert.equal(openaiAdapter.capabilities('gpt-4o-mini').contextWindow, 128000)
    assert.equal(openaiAdapter.capabilities('gpt-4.1').contextWindow, 1047576)
    assert.equal(openaiAdapter.capabilities('gpt-4.1-nano-2025-04-14').maxOutputTokens, 32768)
    assert.equal(openaiAdapter.capabilities('o3').contextWindow, 200000)
    assert.equal(openaiAdapter.capabilities('o4-mini').contextWindow, 200000)
    assert.equal(openaiAdapter.capabilities('llama-3.1-8b-instant').contextWindow, 131072)
    assert.equal(openaiAdapter.capabilities('openai/gpt-5').contextWindow, 400000)
    assert.equal(openaiAdapter.capabilities('some-local-model').contextWindow, undefined)
  })

  it('vision for the multimodal families only', () => {
    for (const m of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-nano', 'o3', 'o4-mini', 'llama-3.2-11b-vision-preview', 'qwen2.5-vl-7b']) {
      assert.equal(openaiAdapter.capabilities(m).vision, true, m)
    }
    for (const m of ['gpt-3.5-turbo', 'o3-mini', 'llama-3.1-8b-instant', 'deepseek-chat']) {
      assert.equal(openaiAdapter.capabilities(m).vision, false, m)
    }
  })

  it('a name we cannot place is unknown for images and embeddings, not a no', () => {
    for (const m of ['mistral-small-3.1', 'anthropic/claude-sonnet-4', 'my-finetune', 'Qwen/Qwen3-8B']) {
      const caps = openaiAdapter.capabilities(m)
      assert.equal(caps.vision, undefined, m)
      assert.equal(caps.embeddings, undefined, m)
      assert.equal(caps.tools, true, m)
    }
    // Known chat models are a known no for embeddings.
    assert.equal(openaiAdapter.capabilities('gpt-4o').embeddings, false)
    assert.equal(openaiAdapter.capabilities('llama-3.1-8b-instant').embeddings, false)
  })

  it('embedding models embed and do not chat', () => {
    assert.deepEqual(openaiAdapter.capabilities('text-embedding-3-small'), { streaming: false, tools: false, vision: false, jsonSchema: false, embeddings: true, contextWindow: 8191 })
    assert.equal(openaiAdapter.capabilities('nomic-embed-text').embeddings, true)
    const chat = openaiAdapter.capabilities('gpt-4o-mini')
    assert.equal(chat.embeddings, false)
    assert.equal(chat.streaming && chat.tools && chat.jsonSchema, true)
  })
})
