import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_ANSWER_TOKENS } from '../../../src/providers/fake/sources.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import { fakeSettings } from '../../../src/providers/fake/settings.js'
import { parseConfig } from '../../../src/config/load.js'
import { onAQuietAttempt } from '../../helpers/timing.js'
import { foldEvents, streamEvents } from '../openai/helpers.js'
import { bodyText, callFake, chat, composeAnswer, concat, fakeCtx, timedChunks } from './fake-helpers.js'

const fast = fakeCtx({ ttft_ms: 0, tokens_per_second: 100000 })

describe('fake answer composition', () => {
  it('is deterministic, echoes the prompt, and is 32 tokens ending in a stop by default', () => {
    const a = composeAnswer([{ role: 'user', content: 'Hello there, fake model' }], undefined)
    const b = composeAnswer([{ role: 'user', content: 'Hello there, fake model' }], undefined)
    assert.deepEqual(a, b)
    assert.equal(a.tokens.length, DEFAULT_ANSWER_TOKENS)
    assert.equal(a.finish, 'stop')
    assert.deepEqual(a.tokens.slice(0, 5), ['Echo:', ' Hello', ' there,', ' fake', ' model'])
    assert.ok(a.tokens.at(-1)?.endsWith('.'))
    assert.ok(a.tokens.slice(1).every((t) => t.startsWith(' ') && !t.slice(1).includes(' ')), 'one word per token')
    const other = composeAnswer([{ role: 'user', content: 'Something else entirely' }], undefined)
    assert.notDeepEqual(other.tokens.slice(4), a.tokens.slice(4))
  })

  it('max_tokens sets the length exactly and the answer is cut (length)', () => {
    for (const n of [1, 5, 100]) {
      const a = composeAnswer([{ role: 'user', content: 'count' }], n)
      assert.equal(a.tokens.length, n)
      assert.equal(a.finish, 'length')
    }
  })

  it('answers the last user message', () => {
    const a = composeAnswer([{ role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'second' }] }], 3)
    assert.deepEqual(a.tokens, ['Echo:', ' second', a.tokens[2]])
  })
})

describe('fake settings', () => {
  // Defaults and bad values are the config's business (the fake's options.ts and its schema).
  const options = (yaml: string) => parseConfig(`providers:\n  f: { kind: fake${yaml} }\n`, 'routes.yaml', {}).providers.get('f')?.options ?? {}
  it('defaults, configured values, and bad values', () => {
    assert.deepEqual(options(''), { ttft_ms: 50, tokens_per_second: 200, embedding_dimensions: 16 })
    assert.deepEqual(fakeSettings({ ttft_ms: 50, tokens_per_second: 200, embedding_dimensions: 16 }), { ttftMs: 50, tokensPerSecond: 200, embeddingDimensions: 16 })
    assert.deepEqual(options(', ttft_ms: 5, tokens_per_second: 1000, embedding_dimensions: 8'), { ttft_ms: 5, tokens_per_second: 1000, embedding_dimensions: 8 })
    assert.throws(() => options(', ttft_ms: -1, tokens_per_second: 0, embedding_dimensions: 2.5'), /ttft_ms must be >= 0[^]*tokens_per_second must be > 0[^]*embedding_dimensions must be an integer/)
  })
})

describe('fake chat answers', () => {
  it('non-streaming: an OpenAI chat.completion with real prompt-token usage', async () => {
    const res = await callFake(chat("What's the weather like in SF?"), fast)
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'application/json')
    const body = JSON.parse(await bodyText(res)) as Record<string, unknown>
    assert.equal(body.object, 'chat.completion')
    assert.equal(body.id, 'chatcmpl-fake-req-123')
    assert.equal(body.model, 'fake-model')
    const r = fakeAdapter.parseResponse(body, fast)
    assert.equal(r.finish, 'stop')
    assert.equal(r.text, composeAnswer(chat("What's the weather like in SF?").messages, undefined).tokens.join(''))
    // o200k_base + the cookbook's per-message overhead gives 14, as OpenAI itself reported for
    // this prompt to gpt-4o (fixtures/openai/chat-response-basic.json).
    assert.deepEqual(r.usage, { promptTokens: 14, completionTokens: 32, totalTokens: 46 })
  })

  it('prompt tokens match OpenAI’s recorded count for another prompt too', async () => {
    const res = await callFake(chat('Invent a new holiday and describe its traditions.', { maxTokens: 3 }), fast)
    const r = fakeAdapter.parseResponse(JSON.parse(await bodyText(res)), fast)
    // fixtures/openai/chat-stream-include-usage.sse (gpt-4.1-nano, o200k_base): prompt_tokens 16
    assert.deepEqual(r.usage, { promptTokens: 16, completionTokens: 3, totalTokens: 19 })
    assert.equal(r.finish, 'length')
  })

  it('streaming: OpenAI chunks through the real decoder, same answer as non-streaming', async () => {
    const req = chat('Stream me something', { stream: true, maxTokens: 12 })
    const res = await callFake(req, fast)
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /^text\/event-stream/)
    const chunks = await timedChunks(res)
    assert.equal(chunks.length, 13) // one per token, then finish + usage + [DONE]
    const bytes = concat(chunks.map((c) => c.bytes))
    const text = Buffer.from(bytes).toString('utf8')
    assert.ok(text.startsWith('data: {"id":"chatcmpl-fake-req-123","object":"chat.completion.chunk"'))
    assert.match(text.split('\n\n')[0], /"delta":\{"role":"assistant","content":""\}/)
    assert.ok(text.endsWith('"usage":{"prompt_tokens":10,"completion_tokens":12,"total_tokens":22}}\n\ndata: [DONE]\n\n'))

    const whole = await streamEvents(fakeAdapter, [bytes], fast)
    const streamed = foldEvents(whole)
    const answered = fakeAdapter.parseResponse(JSON.parse(await bodyText(await callFake(chat('Stream me something', { maxTokens: 12 }), fast))), fast)
    assert.equal(streamed.text, answered.text)
    assert.equal(streamed.finish, 'length')
    assert.deepEqual(streamed.usage, answered.usage)
    assert.deepEqual(streamed.errors, [])
  })

  it('streams TTFT and tokens per second on schedule (within a few percent)', async () => {
    const ttft = 60
    const tps = 100 // 10 ms per token
    const n = 30
    const ctx = fakeCtx({ ttft_ms: ttft, tokens_per_second: tps })
    await onAQuietAttempt(async () => {
      const t0 = performance.now()
      const res = await callFake(chat('timing', { stream: true, maxTokens: n }), ctx)
      const chunks = await timedChunks(res)
      const tokens = chunks.slice(0, n)
      const firstMs = tokens[0].at - t0
      const meanGap = (tokens[n - 1].at - tokens[0].at) / (n - 1)
      assert.ok(firstMs >= ttft && firstMs < ttft * 1.05 + 2, `ttft ${firstMs.toFixed(2)} ms`)
      assert.ok(Math.abs(meanGap - 1000 / tps) < (1000 / tps) * 0.05, `mean gap ${meanGap.toFixed(3)} ms`)
      // Timed from one start: the last token lands at ttft + (n-1)/tps, no drift.
      const lastMs = tokens[n - 1].at - t0
      assert.ok(Math.abs(lastMs - (ttft + (n - 1) * (1000 / tps))) < 5, `last token ${lastMs.toFixed(2)} ms`)
    })
  })

  it('non-streaming answers arrive after ttft + n/tps', async () => {
    const ctx = fakeCtx({ ttft_ms: 30, tokens_per_second: 200 })
    await onAQuietAttempt(async () => {
      const t0 = performance.now()
      await callFake(chat('wait', { maxTokens: 20 }), ctx)
      const took = performance.now() - t0
      assert.ok(took >= 130 && took < 140, `took ${took.toFixed(2)} ms`)
    })
  })

  it('an abort ends the stream body at once and stops the timers', async () => {
    const ctx = fakeCtx({ ttft_ms: 0, tokens_per_second: 20 }) // 50 ms per token
    const ac = new AbortController()
    const res = await callFake(chat('abort me', { stream: true, maxTokens: 1000 }), ctx, ac.signal)
    const got: Uint8Array[] = []
    const t0 = performance.now()
    for await (const c of res.body) {
      got.push(c)
      if (got.length === 2) ac.abort()
    }
    assert.equal(got.length, 2)
    assert.ok(performance.now() - t0 < 200, 'the body ended without waiting for more tokens')
  })

  it('an abort rejects a pending non-streaming answer, and an aborted signal is refused up front', async () => {
    const ctx = fakeCtx({ ttft_ms: 5000 })
    const ac = new AbortController()
    const pending = callFake(chat('slow'), ctx, ac.signal)
    setTimeout(() => ac.abort(), 10)
    await assert.rejects(pending, (e: unknown) => e instanceof Error && e.name === 'AbortError')
    await assert.rejects(callFake(chat('late'), ctx, AbortSignal.abort()), (e: unknown) => e instanceof Error && e.name === 'AbortError')
  })

  it('capabilities: everything, 131072 tokens of context, 16384 out', () => {
    assert.deepEqual(fakeAdapter.capabilities('anything'), { streaming: true, tools: true, vision: true, jsonSchema: true, embeddings: true, contextWindow: 131072, maxOutputTokens: 16384 })
    // It answers in OpenAI's chat wire format, so the chat front door relays it; completions are translated through chat.
    assert.equal(fakeAdapter.passthrough?.speaks('openai-chat', fakeCtx().provider), true)
    assert.equal(fakeAdapter.passthrough?.speaks('openai-completions', fakeCtx().provider), false)
  })
})

describe('fake magic prompts', () => {
  it('fake:error 429 answers a rate limit the openai mapping reads, Retry-After included', async () => {
    const res = await callFake(chat('fake:error 429'), fast)
    assert.equal(res.status, 429)
    assert.equal(res.headers['retry-after'], '1')
    const e = fakeAdapter.parseError(res.status, JSON.parse(await bodyText(res)), new Headers(res.headers), fast)
    assert.equal(e.kind, 'rate_limited')
    assert.equal(e.detail.retryAfterSeconds, 1)
  })

  it('fake:error 500 / 503 / 401 / context_length', async () => {
    const kindOf = async (prompt: string) => {
      const res = await callFake(chat(prompt, { stream: true }), fast)
      return { status: res.status, kind: fakeAdapter.parseError(res.status, JSON.parse(await bodyText(res)), new Headers(res.headers), fast).kind }
    }
    assert.deepEqual(await kindOf('fake:error 500'), { status: 500, kind: 'upstream_error' })
    assert.deepEqual(await kindOf('fake:error 503'), { status: 503, kind: 'unavailable' })
    assert.deepEqual(await kindOf('fake:error 401'), { status: 401, kind: 'upstream_error' })
    assert.deepEqual(await kindOf('  fake:error context_length please'), { status: 400, kind: 'context_length' })
  })

  it('fake:error midstream sends half the answer, then an error line, and no [DONE]', async () => {
    const res = await callFake(chat('fake:error midstream', { stream: true, maxTokens: 10 }), fast)
    assert.equal(res.status, 200)
    const text = await bodyText(res)
    assert.ok(!text.includes('[DONE]'))
    const events = await streamEvents(fakeAdapter, [new TextEncoder().encode(text)], fast)
    assert.equal(events.filter((e) => e.type === 'text').length, 5)
    const last = events.at(-1)
    assert.ok(last?.type === 'error' && last.error.kind === 'upstream_error')
    const plain = await callFake(chat('fake:error midstream'), fast)
    assert.equal(plain.status, 500)
  })

  it('ordinary prompts that merely mention fake:error are answered', async () => {
    assert.equal((await callFake(chat('what does fake:error 429 do?'), fast)).status, 200)
  })
})
