import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent } from '../../../src/canonical/chat.js'
import { openaiAdapter } from '../../../src/providers/openai/index.js'
import { fixtureBytes } from '../../helpers/fixtures.js'
import { foldEvents, makeCtx, streamEvents } from './helpers.js'

const ctx = makeCtx()
const enc = new TextEncoder()

/** The events of a whole recorded stream (how it is cut is the decoder's business: test/streaming/). */
function recordedEvents(provider: string, file: string): Promise<ChatEvent[]> {
  return streamEvents(openaiAdapter, [fixtureBytes(provider, file)], ctx)
}

function sse(...payloads: string[]): Uint8Array[] {
  return [enc.encode(payloads.map((p) => `data: ${p}\n\n`).join(''))]
}

describe('openai parseStream on recorded streams', () => {
  it('plain text (2024 recording: no usage:null, usage chunk with choices: [])', async () => {
    const events = await recordedEvents('openai', 'chat-stream-text.sse')
    assert.deepEqual(events[0], { type: 'start', id: 'chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL', upstreamModel: 'gpt-4o-2024-08-06' })
    assert.deepEqual(events.slice(-2), [
      { type: 'usage', usage: { promptTokens: 14, completionTokens: 30, totalTokens: 44, reasoningTokens: 0 } },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ])
    const r = foldEvents(events)
    assert.equal(
      r.text,
      "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.",
    )
    // The role chunk (content "") produces no text event.
    // One text event per content chunk: 30, as the recorded usage says.
    assert.equal(events.filter((e) => e.type === 'text').length, 30)
    assert.equal(events.filter((e) => e.type === 'text' && e.delta === '').length, 0)
  })

  it('one tool call with fragmented arguments (role chunk has content: null)', async () => {
    const events = await recordedEvents('openai', 'chat-stream-tool-call.sse')
    assert.deepEqual(events.slice(0, 3), [
      { type: 'start', id: 'chatcmpl-ABfwCgi41eStOcARjZq97ohCEGBPO', upstreamModel: 'gpt-4o-2024-08-06' },
      { type: 'tool-call-start', index: 0, id: 'call_CTf1nWJLqSeRgDqaCG27xZ74', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argsDelta: '{"' },
    ])
    const r = foldEvents(events)
    assert.equal(r.text, null)
    assert.deepEqual(r.toolCalls, [{ id: 'call_CTf1nWJLqSeRgDqaCG27xZ74', name: 'get_weather', arguments: '{"city":"San Francisco","state":"CA"}' }])
    assert.equal(r.finish, 'tool_calls')
    assert.deepEqual(r.usage, { promptTokens: 48, completionTokens: 19, totalTokens: 67, reasoningTokens: 0 })
  })

  it('parallel tool calls told apart by index', async () => {
    const r = foldEvents(await recordedEvents('openai', 'chat-stream-parallel-tool-calls.sse'))
    assert.deepEqual(r.toolCalls, [
      { id: 'call_JMW1whyEaYG438VE1OIflxA2', name: 'GetWeatherArgs', arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}' },
      { id: 'call_DNYTawLBoN8fj3KN6qU9N1Ou', name: 'get_stock_price', arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}' },
    ])
    assert.equal(r.finish, 'tool_calls')
    assert.deepEqual(r.usage, { promptTokens: 149, completionTokens: 60, totalTokens: 209, reasoningTokens: 0 })
  })

  it('json_schema output', async () => {
    const r = foldEvents(await recordedEvents('openai', 'chat-stream-json-schema.sse'))
    assert.equal(r.text, '{"city":"San Francisco","temperature":61,"units":"f"}')
    assert.equal(r.finish, 'stop')
    assert.deepEqual(r.usage, { promptTokens: 79, completionTokens: 14, totalTokens: 93, reasoningTokens: 0 })
  })

  it('refusal deltas become refusal events, not text', async () => {
    const events = await recordedEvents('openai', 'chat-stream-refusal.sse')
    const r = foldEvents(events)
    assert.equal(r.refusal, "I'm sorry, I can't assist with that request.")
    assert.equal(r.text, null)
    assert.equal(r.finish, 'stop')
    assert.deepEqual(r.usage, { promptTokens: 79, completionTokens: 11, totalTokens: 90, reasoningTokens: 0 })
  })

  it('finish_reason length', async () => {
    const events = await recordedEvents('openai', 'chat-stream-finish-length.sse')
    assert.deepEqual(events, [
      { type: 'start', id: 'chatcmpl-ABfw3Oqj8RD0z6aJiiX37oTjV2HFh', upstreamModel: 'gpt-4o-2024-08-06' },
      { type: 'text', delta: '{"' },
      { type: 'usage', usage: { promptTokens: 79, completionTokens: 1, totalTokens: 80, reasoningTokens: 0 } },
      { type: 'finish', reason: 'length', raw: 'length' },
    ])
  })

  it('logprobs are ignored', async () => {
    const r = foldEvents(await recordedEvents('openai', 'chat-stream-logprobs.sse'))
    assert.equal(r.text, 'Foo!')
    assert.deepEqual(r.usage, { promptTokens: 9, completionTokens: 2, totalTokens: 11, reasoningTokens: 0 })
  })

  it('n=3: only choice 0 becomes events; usage covers all choices', async () => {
    const events = await recordedEvents('openai', 'chat-stream-n3-choices.sse')
    const r = foldEvents(events)
    assert.equal(r.text, '{"city":"San Francisco","temperature":65,"units":"f"}')
    assert.equal(events.filter((e) => e.type === 'finish').length, 1)
    assert.deepEqual(r.usage, { promptTokens: 79, completionTokens: 42, totalTokens: 121, reasoningTokens: 0 })
  })

  it('2026 recording: usage:null on every chunk, obfuscation, usage-only final chunk', async () => {
    const events = await recordedEvents('openai', 'chat-stream-include-usage.sse')
    const r = foldEvents(events)
    assert.deepEqual(events[0], { type: 'start', id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0', upstreamModel: 'gpt-4.1-nano-2025-04-14' })
    assert.ok(r.text?.startsWith('**Holiday Name:** Harmony Day\n\n**Date:** Celebrated annually on the first Saturday of May'))
    assert.ok(r.text?.endsWith(' respect.'))
    assert.equal(events.filter((e) => e.type === 'usage').length, 1)
    assert.deepEqual(r.usage, { promptTokens: 16, completionTokens: 300, totalTokens: 316, cachedPromptTokens: 0, reasoningTokens: 0 })
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop', raw: 'stop' })
  })

  it('Mistral text: usage on the finish chunk, choices non-empty', async () => {
    const events = await recordedEvents('mistral', 'chat-stream-text.sse')
    assert.deepEqual(events, [
      { type: 'start', id: '5319bd0299614c679a0068a4f2c8ffd0', upstreamModel: 'mistral-small-latest' },
      { type: 'text', delta: 'Hello' },
      { type: 'text', delta: ', ' },
      { type: 'text', delta: 'world!' },
      { type: 'text', delta: ' This' },
      { type: 'text', delta: ' is a test' },
      { type: 'text', delta: ' response.' },
      { type: 'usage', usage: { promptTokens: 13, completionTokens: 8, totalTokens: 21 } },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ])
  })

  it('Mistral tool call: whole call without index/type, finish and usage in one chunk', async () => {
    const events = await recordedEvents('mistral', 'chat-stream-tool-call.sse')
    assert.deepEqual(events, [
      { type: 'start', id: 'b3999b8c93e04e11bcbff7bcab829667', upstreamModel: 'mistral-small-latest' },
      { type: 'tool-call-start', index: 0, id: 'gSIMJiOkT', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argsDelta: '{"location": "San Francisco"}' },
      { type: 'usage', usage: { promptTokens: 124, completionTokens: 22, totalTokens: 146 } },
      { type: 'finish', reason: 'tool_calls', raw: 'tool_calls' },
    ])
  })
})

describe('openai parseStream edge cases', () => {
  const head = '{"id":"c1","model":"m","choices":[{"index":0,"delta":'

  it('a mid-stream error object becomes one error event and ends the stream', async () => {
    const events = await streamEvents(
      openaiAdapter,
      sse(`${head}{"content":"Hi"},"finish_reason":null}]}`, '{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}', `${head}{"content":"never"},"finish_reason":null}]}`),
      ctx,
    )
    assert.equal(events.length, 3)
    assert.deepEqual(events[1], { type: 'text', delta: 'Hi' })
    const last = events[2]
    assert.equal(last.type, 'error')
    if (last.type !== 'error') return
    assert.equal(last.error.kind, 'upstream_error')
    assert.equal(last.error.status, 502)
    assert.match(last.error.message, /openai-main/)
    assert.match(last.error.message, /The server had an error/)
  })

  it('a mid-stream rate-limit error keeps its kind', async () => {
    const events = await streamEvents(openaiAdapter, sse('{"error":{"message":"Rate limit reached. Please try again in 2s.","type":"requests","code":"rate_limit_exceeded"}}'), ctx)
    assert.equal(events.length, 1)
    const e = events[0]
    assert.ok(e.type === 'error' && e.error.kind === 'rate_limited' && e.error.detail.retryAfterSeconds === 2)
  })

  it('a body cut off before any finish reports an error; [DONE] without finish is a stop', async () => {
    const cut = await streamEvents(openaiAdapter, sse(`${head}{"content":"Hi"},"finish_reason":null}]}`), ctx)
    assert.equal(cut.at(-1)?.type, 'error')
    const done = await streamEvents(openaiAdapter, sse(`${head}{"content":"Hi"},"finish_reason":null}]}`, '[DONE]'), ctx)
    assert.deepEqual(done.at(-1), { type: 'finish', reason: 'stop' })
  })

  it('a truncated JSON payload is reported, not thrown', async () => {
    const events = await streamEvents(openaiAdapter, [enc.encode(`data: ${head}{"content":"Hi"`)], ctx)
    assert.equal(events.length, 1)
    assert.ok(events[0].type === 'error' && /not valid JSON/.test(events[0].error.message))
  })

  it('reasoning_content and reasoning deltas become reasoning events', async () => {
    const events = await streamEvents(
      openaiAdapter,
      sse(
        `${head}{"role":"assistant","content":null,"reasoning_content":"Think"},"finish_reason":null}]}`,
        `${head}{"reasoning":" more"},"finish_reason":null}]}`,
        `${head}{"content":"Answer"},"finish_reason":"stop"}]}`,
        '[DONE]',
      ),
      ctx,
    )
    assert.deepEqual(events, [
      { type: 'start', id: 'c1', upstreamModel: 'm' },
      { type: 'reasoning', delta: 'Think' },
      { type: 'reasoning', delta: ' more' },
      { type: 'text', delta: 'Answer' },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ])
  })

  it('legacy function_call deltas become a tool call; finish function_call maps to tool_calls', async () => {
    const r = foldEvents(
      await streamEvents(
        openaiAdapter,
        sse(`${head}{"function_call":{"name":"f","arguments":""}},"finish_reason":null}]}`, `${head}{"function_call":{"arguments":"{}"}},"finish_reason":"function_call"}]}`, '[DONE]'),
        ctx,
      ),
    )
    assert.deepEqual(r.toolCalls, [{ id: 'call_req123_0', name: 'f', arguments: '{}' }])
    assert.equal(r.finish, 'tool_calls')
  })

  it('usage after the finish chunk is kept; the last usage wins and is emitted once', async () => {
    const events = await streamEvents(
      openaiAdapter,
      sse(
        `${head}{"content":"x"},"finish_reason":null}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}`,
        `${head}{},"finish_reason":"stop"}],"usage":null}`,
        '{"id":"c1","model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}',
        '[DONE]',
      ),
      ctx,
    )
    assert.deepEqual(events.slice(-2), [
      { type: 'usage', usage: { promptTokens: 5, completionTokens: 2, totalTokens: 7 } },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ])
  })

  it('Mistral finish_reason error becomes an error event', async () => {
    const events = await streamEvents(openaiAdapter, sse(`${head}{"content":"x"},"finish_reason":"error"}]}`, '[DONE]'), ctx)
    assert.ok(events.at(-1)?.type === 'error')
  })
})

describe('openai parseStream: padded [DONE]', () => {
  it('data: [DONE] with trailing spaces still ends the stream', async () => {
    const events = await streamEvents(openaiAdapter, [new TextEncoder().encode('data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}\n\ndata: [DONE]  \n\n')], makeCtx())
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' })
  })
})
