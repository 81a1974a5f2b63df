import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mergeOptions, optionsFor } from '../../src/canonical/provider-options.js'
import { decodeReasoningDetails, reasoningDetails } from '../../src/wire/openai-chat/reasoning-details.js'

test('reasoning blocks → reasoning_details → the same blocks (signature, redacted data, origin)', () => {
  const blocks = [
    { text: 'I should look.', signature: 'EqoBsig', origin: 'anthropic' },
    { text: '', redacted: 'cmVkYWN0ZWQ=', origin: 'anthropic' },
  ]
  const details = reasoningDetails(blocks, 'anthropic')
  assert.deepEqual(details, [
    { type: 'reasoning.text', text: 'I should look.', signature: 'EqoBsig', format: 'anthropic-claude-v1', index: 0 },
    { type: 'reasoning.encrypted', data: 'cmVkYWN0ZWQ=', format: 'anthropic-claude-v1', index: 1 },
  ])
  assert.deepEqual(decodeReasoningDetails(details), blocks)
  // A block that does not name its origin takes the answering kind's.
  assert.equal(reasoningDetails([{ text: 't', signature: 's' }], 'bedrock')?.[0]?.format, 'bedrock')
  // Unsigned text alone needs no details: reasoning_content carries it.
  assert.equal(reasoningDetails([{ text: 'plain' }], 'openai'), undefined)
})

test('details streamed in pieces (same index) are joined; unknown entries are ignored', () => {
  const decoded = decodeReasoningDetails([
    { type: 'reasoning.text', text: 'Let me ', index: 0, format: 'anthropic-claude-v1' },
    { type: 'reasoning.text', text: 'think.', index: 0 },
    { type: 'reasoning.text', signature: 'sig', index: 0 },
    { type: 'something.else', index: 1 },
    'junk',
  ])
  assert.deepEqual(decoded, [{ text: 'Let me think.', signature: 'sig', origin: 'anthropic' }])
  assert.equal(decodeReasoningDetails([]), undefined)
  assert.equal(decodeReasoningDetails(undefined), undefined)
})

test('provider options merge: objects key by key, arrays appended, scalars replaced; the request wins over params', () => {
  const body = { generationConfig: { temperature: 0.2 }, tools: [{ functionDeclarations: [] }], top_k: 1 }
  assert.deepEqual(mergeOptions(body, { generationConfig: { responseModalities: ['TEXT'] }, tools: [{ googleSearch: {} }], top_k: 5 }), {
    generationConfig: { temperature: 0.2, responseModalities: ['TEXT'] },
    tools: [{ functionDeclarations: [] }, { googleSearch: {} }],
    top_k: 5,
  })
  assert.equal(mergeOptions(body, undefined), body)
  assert.deepEqual(optionsFor('anthropic', { top_k: 5, metadata: { user_id: 'a' } }, { anthropic: { top_k: 3 }, gemini: { x: 1 } }), { top_k: 3, metadata: { user_id: 'a' } })
  assert.equal(optionsFor('openai', undefined, { anthropic: { top_k: 3 } }), undefined)
})
