import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest, JsonObject } from '../../../src/canonical/chat.js'
import { openaiAdapter } from '../../../src/providers/openai/index.js'
import type { PassthroughRequest, WireProtocol } from '../../../src/providers/types.js'
import { chatPassthroughBody } from '../../../src/frontdoors/openai-chat/passthrough-body.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { makeCtx } from './helpers.js'

/** A client's OpenAI chat body as the chat front door passes it through. */
function passthrough(raw: JsonObject, protocol: WireProtocol = 'openai-chat'): PassthroughRequest {
  const stream = raw.stream === true
  return { protocol, body: (model) => chatPassthroughBody(raw, model, stream), headers: {}, stream }
}

function request(raw: JsonObject, model = 'gpt-4o-2024-08-06', protocol: WireProtocol = 'openai-chat') {
  const pass = openaiAdapter.passthrough
  assert.ok(pass !== undefined)
  return pass.request(passthrough(raw, protocol), makeCtx({}, model))
}

describe('openai passthrough', () => {
  it('speaks OpenAI chat, completions and embeddings; the Responses API only when its options say so', () => {
    const pass = openaiAdapter.passthrough
    assert.ok(pass !== undefined)
    const provider = makeCtx().provider
    assert.equal(pass.speaks('openai-chat', provider), true)
    assert.equal(pass.speaks('openai-completions', provider), true)
    assert.equal(pass.speaks('openai-embeddings', provider), true)
    assert.equal(pass.speaks('openai-responses', provider), false)
    assert.equal(pass.speaks('openai-responses', { ...provider, options: { responses_api: true } }), true)
    assert.equal(pass.speaks('anthropic-messages', provider), false)
  })

  it('recorded streaming request: URL, headers, body with the model replaced and usage forced on', () => {
    const raw = { ...fixtureJson<JsonObject>('openai', 'chat-request-tool-call.json'), model: 'my-alias' }
    const req = request(raw)
    assert.equal(req.url, 'https://api.openai.com/v1/chat/completions')
    assert.equal(req.method, 'POST')
    assert.equal(req.framing, 'sse')
    assert.deepEqual(req.headers, { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789abcdef' })
    assert.equal(typeof req.body, 'string')
    const expected = { ...fixtureJson<JsonObject>('openai', 'chat-request-tool-call.json') }
    assert.equal(req.body, JSON.stringify(expected)) // same keys, same order, model back to the upstream id
  })

  it('stream_options keeps the client’s other options and forces include_usage', () => {
    const raw = { model: 'x', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: false, continuous_usage_stats: true }, top_k: 5 }
    const req = request(raw, 'llama-3.1-8b-instant')
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

  it('non-streaming: body is the client’s, model replaced, no stream_options added', () => {
    const raw = fixtureJson<JsonObject>('openai', 'chat-request-basic.json')
    const req = request({ ...raw, model: 'alias' }, String(raw.model))
    assert.equal(req.body, JSON.stringify(raw))
  })

  it('no key configured: no authorization header; provider headers are added, lower-cased', () => {
    const pass = openaiAdapter.passthrough
    assert.ok(pass !== undefined)
    const ctx = makeCtx({ apiKey: undefined, baseUrl: 'http://localhost:11434/v1', headers: { 'HTTP-Referer': 'https://example.org', 'X-Title': 'demo' } }, 'llama3')
    const req = pass.request(passthrough({ model: 'x', messages: [] }), ctx)
    assert.equal(req.url, 'http://localhost:11434/v1/chat/completions')
    assert.deepEqual(req.headers, { 'content-type': 'application/json', 'http-referer': 'https://example.org', 'x-title': 'demo' })
  })

  it('a configured Authorization header replaces the bearer key instead of doubling it', () => {
    const pass = openaiAdapter.passthrough
    assert.ok(pass !== undefined)
    const req = pass.request(passthrough({ model: 'x', messages: [] }), makeCtx({ headers: { Authorization: 'Bearer other' } }))
    assert.equal(req.headers.authorization, 'Bearer other')
    assert.equal(Object.keys(req.headers).filter((h) => h.toLowerCase() === 'authorization').length, 1)
  })

  it('completions go to the provider’s /completions', () => {
    const pass = openaiAdapter.passthrough
    assert.ok(pass !== undefined)
    const req = pass.request(passthrough({ model: 'x', prompt: 'Say' }, 'openai-completions'), makeCtx({ baseUrl: 'https://api.groq.com/openai/v1' }))
    assert.equal(req.url, 'https://api.groq.com/openai/v1/completions')
    assert.deepEqual(req.headers, { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789abcdef' })
  })
})

describe('openai buildRequest (a request translated from another front door)', () => {
  const canonical: ChatRequest = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image', url: 'data:image/png;base64,AAAA' }] },
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: 'found' },
    ],
    stream: true,
    includeUsage: false,
    params: { maxTokens: 100, temperature: 0.2, stop: ['END'], topK: 5 },
    tools: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true }],
    toolChoice: { name: 'lookup' },
    parallelToolCalls: false,
    responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
    reasoning: { effort: 'low' },
  }

  it('encodes every canonical field as OpenAI chat, with usage asked for when streaming', async () => {
    const req = await openaiAdapter.buildRequest(canonical, makeCtx({}, 'gpt-4o-mini'))
    assert.equal(req.url, 'https://api.openai.com/v1/chat/completions')
    assert.deepEqual(JSON.parse(String(req.body)), {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'found' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 100,
      stop: ['END'],
      top_k: 5,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'low',
    })
  })

  it('a document by URL is refused by name (OpenAI chat takes documents inline only)', async () => {
    const req: ChatRequest = { ...canonical, messages: [{ role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://example.org/a.pdf' } }] }] }
    await assert.rejects(async () => openaiAdapter.buildRequest(req, makeCtx()), /Parameter 'document' is not supported/)
  })
})
