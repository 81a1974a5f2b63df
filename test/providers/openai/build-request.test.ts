import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest, JsonObject } from '../../../src/canonical/chat.js'
import { openaiAdapter } from '../../../src/providers/openai/index.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { makeCtx } from './helpers.js'

/** A ChatRequest as the core would build it; the adapter only reads model, stream and raw. */
function chatRequest(raw: JsonObject, model = 'gpt-4o-2024-08-06'): ChatRequest {
  return { model, messages: [], stream: raw.stream === true, includeUsage: false, params: {}, raw }
}

describe('openai buildRequest', () => {
  it('recorded streaming request: URL, headers, body with the model replaced and usage forced on', async () => {
    const raw = { ...fixtureJson<JsonObject>('openai', 'chat-request-tool-call.json'), model: 'my-alias' }
    const req = await openaiAdapter.buildRequest(chatRequest(raw), makeCtx())
    assert.equal(req.url, 'https://api.openai.com/v1/chat/completions')
    assert.equal(req.method, 'POST')
    assert.equal(req.framing, 'sse')
    assert.deepEqual(req.headers, { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789abcdef' })
    assert.equal(typeof req.body, 'string')
    const expected = { ...fixtureJson<JsonObject>('openai', 'chat-request-tool-call.json') }
    assert.equal(req.body, JSON.stringify(expected)) // same keys, same order, model back to the upstream id
  })

  it('stream_options keeps the client’s other options and forces include_usage', async () => {
    const raw = { model: 'x', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: false, continuous_usage_stats: true }, top_k: 5 }
    const req = await openaiAdapter.buildRequest(chatRequest(raw, 'llama-3.1-8b-instant'), makeCtx())
    assert.deepEqual(JSON.parse(String(req.body)), {
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true, continuous_usage_stats: true },
      top_k: 5, // unknown parameters pass through
    })
    // The client's own object is not modified.
    assert.deepEqual(raw.stream_options, { include_usage: false, continuous_usage_stats: true })
  })

  it('non-streaming: body is the client’s, model replaced, no stream_options added', async () => {
    const raw = fixtureJson<JsonObject>('openai', 'chat-request-basic.json')
    const req = await openaiAdapter.buildRequest(chatRequest({ ...raw, model: 'alias' }), makeCtx())
    assert.equal(req.body, JSON.stringify(raw))
  })

  it('no key configured: no authorization header; provider headers are added, lower-cased', async () => {
    const ctx = makeCtx({ apiKey: undefined, baseUrl: 'http://localhost:11434/v1', headers: { 'HTTP-Referer': 'https://example.org', 'X-Title': 'demo' } })
    const req = await openaiAdapter.buildRequest(chatRequest({ model: 'x', messages: [] }, 'llama3'), ctx)
    assert.equal(req.url, 'http://localhost:11434/v1/chat/completions')
    assert.deepEqual(req.headers, { 'content-type': 'application/json', 'http-referer': 'https://example.org', 'x-title': 'demo' })
  })

  it('a configured Authorization header replaces the bearer key instead of doubling it', async () => {
    const req = await openaiAdapter.buildRequest(chatRequest({ model: 'x', messages: [] }), makeCtx({ headers: { Authorization: 'Bearer other' } }))
    assert.equal(req.headers.authorization, 'Bearer other')
    assert.equal(Object.keys(req.headers).filter((h) => h.toLowerCase() === 'authorization').length, 1)
  })

  it('completionsUrl', () => {
    const c = openaiAdapter.completionsUrl?.(makeCtx({ baseUrl: 'https://api.groq.com/openai/v1' }))
    assert.deepEqual(c, {
      url: 'https://api.groq.com/openai/v1/completions',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789abcdef' },
    })
  })
})
