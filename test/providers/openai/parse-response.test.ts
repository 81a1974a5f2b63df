import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { GatewayError } from '../../../src/errors/gateway-error.js'
import { openaiAdapter } from '../../../src/providers/openai/index.js'
import { fixtureBytes, fixtureJson } from '../../helpers/fixtures.js'
import { foldEvents, makeCtx, streamEvents } from './helpers.js'

const ctx = makeCtx()

describe('openai parseResponse on recorded answers', () => {
  it('basic text', () => {
    assert.deepEqual(openaiAdapter.parseResponse(fixtureJson('openai', 'chat-response-basic.json'), ctx), {
      id: 'chatcmpl-ABfvaueLEMLNYbT8YzpJxsmiQ6HSY',
      upstreamModel: 'gpt-4o-2024-08-06',
      text: "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or app like the Weather Channel or a local news station.",
      toolCalls: [],
      finish: 'stop',
      rawFinish: 'stop',
      usage: { promptTokens: 14, completionTokens: 37, totalTokens: 51, reasoningTokens: 0 },
    })
  })

  it('usage details (cached and reasoning tokens), annotations ignored', () => {
    const r = openaiAdapter.parseResponse(fixtureJson('openai', 'chat-response-text-usage-details.json'), ctx)
    assert.deepEqual(r.usage, { promptTokens: 16, completionTokens: 363, totalTokens: 379, cachedPromptTokens: 0, reasoningTokens: 0 })
    assert.ok(r.text?.startsWith('**Holiday Name:** Galaxy Day'))
    assert.equal(r.upstreamModel, 'gpt-4.1-nano-2025-04-14')
  })

  it('refusal', () => {
    const r = openaiAdapter.parseResponse(fixtureJson('openai', 'chat-response-refusal.json'), ctx)
    assert.equal(r.text, null)
    assert.equal(r.refusal, "I'm very sorry, but I can't assist with that.")
    assert.equal(r.finish, 'stop')
  })

  it('parallel tool calls', () => {
    const r = openaiAdapter.parseResponse(fixtureJson('openai', 'chat-response-parallel-tool-calls.json'), ctx)
    assert.deepEqual(r.toolCalls, [
      { id: 'call_fdNz3vOBKYgOIpMdWotB9MjY', name: 'GetWeatherArgs', arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}' },
      { id: 'call_h1DWI1POMJLb0KwIyQHWXD4p', name: 'get_stock_price', arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}' },
    ])
    assert.equal(r.finish, 'tool_calls')
    assert.equal(r.text, null)
  })

  it('Mistral: tool call without type, content missing, tool_calls: null on text answers', () => {
    const call = openaiAdapter.parseResponse(fixtureJson('mistral', 'chat-response-tool-call.json'), ctx)
    assert.deepEqual(call, {
      id: 'b3999b8c93e04e11bcbff7bcab829667',
      upstreamModel: 'mistral-small-latest',
      text: null,
      toolCalls: [{ id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' }],
      finish: 'tool_calls',
      rawFinish: 'tool_calls',
      usage: { promptTokens: 124, completionTokens: 22, totalTokens: 146 },
    })
    const text = openaiAdapter.parseResponse(fixtureJson('mistral', 'chat-response-text.json'), ctx)
    assert.deepEqual(text.toolCalls, [])
    assert.ok(text.text?.startsWith('**Holiday Name: "World Kindness Day of Sharing"**'))
    assert.deepEqual(text.usage, { promptTokens: 13, completionTokens: 434, totalTokens: 447 })
  })

  it('reasoning_content, legacy function_call, array content', () => {
    const r = openaiAdapter.parseResponse(
      {
        id: 'x',
        model: 'deepseek-reasoner',
        choices: [{ index: 0, message: { role: 'assistant', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }], reasoning_content: 'why' }, finish_reason: 'stop' }],
      },
      ctx,
    )
    assert.equal(r.text, 'AB')
    assert.deepEqual(r.reasoning, [{ text: 'why' }])
    const legacy = openaiAdapter.parseResponse({ choices: [{ index: 0, message: { content: null, function_call: { name: 'f', arguments: '{"a":1}' } }, finish_reason: 'function_call' }] }, ctx)
    assert.deepEqual(legacy.toolCalls, [{ id: 'call_req123_0', name: 'f', arguments: '{"a":1}' }])
    assert.equal(legacy.finish, 'tool_calls')
    assert.equal(legacy.rawFinish, 'function_call')
  })

  it('a 200 with an error body, or no choices, is an error', () => {
    assert.throws(
      () => openaiAdapter.parseResponse({ error: { message: 'overloaded', type: 'server_error' } }, ctx),
      (e: unknown) => e instanceof GatewayError && e.kind === 'upstream_error' && /overloaded/.test(e.message),
    )
    assert.throws(() => openaiAdapter.parseResponse({ choices: [] }, ctx), (e: unknown) => e instanceof GatewayError && e.kind === 'upstream_error')
    assert.throws(() => openaiAdapter.parseResponse('<html>', ctx), (e: unknown) => e instanceof GatewayError && e.kind === 'upstream_error')
  })
})

/**
 * Collecting a recorded stream gives the recorded non-streaming answer to the same request.
 * The OpenAI pairs were recorded minutes apart, so tool-call ids (and, for some prompts, the
 * sampled text) differ; only pairs whose content matches are compared, ids where they match.
 */
describe('openai stream vs non-stream agreement', () => {
  const pairs: { provider: string; stream: string; response: string; sameIds: boolean }[] = [
    { provider: 'openai', stream: 'chat-stream-finish-length.sse', response: 'chat-response-finish-length.json', sameIds: false },
    { provider: 'openai', stream: 'chat-stream-tool-call.sse', response: 'chat-response-tool-call.json', sameIds: false },
    { provider: 'openai', stream: 'chat-stream-parallel-tool-calls.sse', response: 'chat-response-parallel-tool-calls.json', sameIds: false },
    { provider: 'mistral', stream: 'chat-stream-tool-call.sse', response: 'chat-response-tool-call.json', sameIds: true },
  ]
  for (const p of pairs) {
    it(`${p.provider}/${p.stream} ≡ ${p.response}`, async () => {
      const streamed = foldEvents(await streamEvents(openaiAdapter, [fixtureBytes(p.provider, p.stream)], ctx))
      const answered = openaiAdapter.parseResponse(fixtureJson(p.provider, p.response), ctx)
      assert.deepEqual(streamed.errors, [])
      assert.equal(streamed.text, answered.text)
      assert.equal(streamed.finish, answered.finish)
      assert.deepEqual(streamed.usage, answered.usage)
      const strip = (calls: typeof answered.toolCalls) => calls.map((c) => (p.sameIds ? c : { name: c.name, arguments: c.arguments }))
      assert.deepEqual(strip(streamed.toolCalls), strip(answered.toolCalls))
      if (p.sameIds) assert.equal(streamed.id, answered.id)
    })
  }

  it('n=3 stream: choice 0 equals the json-schema answer', async () => {
    const streamed = foldEvents(await streamEvents(openaiAdapter, [fixtureBytes('openai', 'chat-stream-n3-choices.sse')], ctx))
    const answered = openaiAdapter.parseResponse(fixtureJson('openai', 'chat-response-json-schema.json'), ctx)
    assert.equal(streamed.text, answered.text)
    assert.equal(streamed.finish, answered.finish)
  })
})
