/**
 * Structured outputs and sampling parameters on the fake (issue #14, item 5): json_schema
 * content that validates, json_object, n choices (interleaved in a stream as OpenAI does),
 * stop sequences, max_tokens, seed and logprobs.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest, ResponseFormat } from '../../../src/canonical/chat.js'
import { fixtureJson } from '../../helpers/fixtures.js'
import { answerChunks, answerJson, ask, bodyText, callFake, fakeCtx, type OpenAIChunk } from './fake-helpers.js'
import { createOracle } from './schema-ajv.js'

const fast = fakeCtx({ ttft_ms: 0, tokens_per_second: 100000 })
const oracle = createOracle()

/** The content of each choice of a stream, put back together. */
function streamedContent(chunks: OpenAIChunk[]): Map<number, string> {
  const out = new Map<number, string>()
  for (const c of chunks) for (const ch of c.choices) if (typeof ch.delta.content === 'string') out.set(ch.index, (out.get(ch.index) ?? '') + ch.delta.content)
  return out
}

const recorded = fixtureJson<{ response_format: { json_schema: { name: string; schema: Record<string, unknown> } } }>('openai', 'chat-request-json-schema.json').response_format.json_schema
const location: ResponseFormat = { type: 'json_schema', name: recorded.name, schema: recorded.schema, strict: true }

describe('fake structured outputs', () => {
  it('json_schema: content that validates against the schema, the same streamed and not', async () => {
    for (const prompt of ["What's the weather like in SF?", 'And in Berlin?', 'Tokyo']) {
      const req = ask(prompt, { responseFormat: location })
      const choice = (await answerJson(req, fast)).choices[0]
      assert.equal(choice.finish_reason, 'stop')
      const value: unknown = JSON.parse(choice.message.content ?? '')
      assert.ok(oracle.valid(recorded.schema, value), `${choice.message.content}: ${oracle.errors(recorded.schema, value)}`)
      const { chunks } = await answerChunks(req, fast)
      assert.equal(streamedContent(chunks).get(0), choice.message.content)
      assert.ok(chunks.filter((c) => c.choices[0]?.delta.content !== undefined).length > 4, 'the JSON arrives in fragments')
    }
  })

  it('json_object: a JSON object', async () => {
    const content = (await answerJson(ask('Give me JSON about cats', { responseFormat: { type: 'json_object' } }), fast)).choices[0].message.content
    const value: unknown = JSON.parse(content ?? '')
    assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value))
  })

  it('max_tokens cuts structured output short (finish length), as it cuts a real model', async () => {
    const choice = (await answerJson(ask('SF', { responseFormat: location, params: { maxTokens: 2 } }), fast)).choices[0]
    assert.equal(choice.finish_reason, 'length')
    assert.throws(() => JSON.parse(choice.message.content ?? ''))
  })

  it('a response schema the generator cannot meet is a 400 naming it', async () => {
    const res = await callFake(ask('x', { responseFormat: { type: 'json_schema', name: 'bad', schema: { type: 'object', properties: { a: { not: {} } }, required: ['a'] } } }), fast)
    assert.equal(res.status, 400)
    const error = (JSON.parse(await bodyText(res)) as { error: { param: string; message: string } }).error
    assert.equal(error.param, 'response_format.json_schema.schema')
    assert.match(error.message, /JSON for the response format 'bad': the JSON Schema keyword 'not' is not supported/)
  })
})

describe('fake sampling: n', () => {
  const three = (extra: Partial<ChatRequest> = {}) => ask('Write me a story', { params: { n: 3, maxTokens: 12 }, ...extra })

  it('n choices, each with its own index and its own answer; usage counts them all', async () => {
    const body = await answerJson(three(), fast)
    assert.deepEqual(body.choices.map((c) => c.index), [0, 1, 2])
    assert.deepEqual(body.choices.map((c) => c.finish_reason), ['length', 'length', 'length'])
    const texts = body.choices.map((c) => c.message.content ?? '')
    // Each echoes the prompt, then goes its own way.
    assert.ok(texts.every((t) => t.startsWith('Echo: Write me a story ')))
    assert.equal(new Set(texts).size, 3, 'the choices differ')
    assert.equal(body.usage.completion_tokens, 36)
  })

  it('streamed, the choices interleave token by token, each opened by its role chunk and closed by its finish', async () => {
    const { chunks } = await answerChunks(three(), fast)
    const order = chunks.filter((c) => c.choices.length > 0).map((c) => c.choices[0].index)
    // As in fixtures/openai/chat-stream-n3-choices.sse: 0,0,1,1,2,2 (role + first token each), then 0,1,2 per token.
    assert.deepEqual(order.slice(0, 9), [0, 0, 1, 1, 2, 2, 0, 1, 2])
    for (const index of [0, 1, 2]) {
      const mine = chunks.flatMap((c) => c.choices).filter((c) => c.index === index)
      assert.deepEqual(mine[0].delta, { role: 'assistant', content: '' })
      assert.equal(mine.at(-1)?.finish_reason, 'length')
      assert.equal(mine.filter((c) => c.finish_reason !== null).length, 1)
    }
    const json = await answerJson(three(), fast)
    const streamed = streamedContent(chunks)
    for (const c of json.choices) assert.equal(streamed.get(c.index), c.message.content)
  })
})

describe('fake sampling: stop', () => {
  const story = 'Tell me about the gateway'
  const full = async (extra: Partial<ChatRequest['params']> = {}) => (await answerJson(ask(story, { params: { maxTokens: 40, ...extra } }), fast)).choices[0].message.content ?? ''

  it('the answer is cut before the first stop sequence (finish stop), streamed and not alike', async () => {
    const text = await full()
    for (const stop of [[' the'], ['gateway', 'Echo'], [' about the ga'], ['.', 'xyz']]) {
      const first = Math.min(...stop.map((s) => (text.indexOf(s) < 0 ? Infinity : text.indexOf(s))))
      assert.ok(Number.isFinite(first), `${JSON.stringify(stop)} occurs in ${text}`)
      const req = ask(story, { params: { maxTokens: 40, stop } })
      const choice = (await answerJson(req, fast)).choices[0]
      assert.equal(choice.message.content, text.slice(0, first), JSON.stringify(stop))
      assert.equal(choice.finish_reason, 'stop')
      const { chunks } = await answerChunks(req, fast)
      assert.equal(streamedContent(chunks).get(0) ?? '', text.slice(0, first))
      assert.equal(chunks.flatMap((c) => c.choices).at(-1)?.finish_reason, 'stop')
    }
  })

  it('a stop sequence that never occurs changes nothing', async () => {
    const req = ask(story, { params: { maxTokens: 40, stop: ['never in this answer'] } })
    const choice = (await answerJson(req, fast)).choices[0]
    assert.equal(choice.message.content, await full())
    assert.equal(choice.finish_reason, 'length')
  })
})

describe('fake sampling: seed and max_tokens', () => {
  const text = async (params: ChatRequest['params']) => (await answerJson(ask('Tell me a story', { params }), fast)).choices[0].message.content

  it('the same seed and prompt give the same answer; another seed another; no seed the unseeded answer', async () => {
    const a = await text({ seed: 42 })
    assert.equal(await text({ seed: 42 }), a)
    assert.notEqual(await text({ seed: 43 }), a)
    assert.notEqual(await text({}), a)
    assert.equal(await text({}), await text({}))
  })

  it('max_tokens: exactly that many tokens, finish length', async () => {
    for (const maxTokens of [1, 7, 100]) {
      const body = await answerJson(ask('count', { params: { maxTokens } }), fast)
      assert.equal(body.usage.completion_tokens, maxTokens)
      assert.equal(body.choices[0].finish_reason, 'length')
      assert.equal((body.choices[0].message.content ?? '').split(' ').length, maxTokens)
    }
  })
})

describe('fake sampling: logprobs', () => {
  it('each token with its log probability, bytes and top alternatives, likeliest first; the same streamed and not', async () => {
    const req = ask('Say something', { params: { maxTokens: 5, logprobs: true, topLogprobs: 3 } })
    const choice = (await answerJson(req, fast)).choices[0]
    const lp = choice.logprobs?.content ?? assert.fail('logprobs missing')
    assert.equal(lp.length, 5)
    assert.equal(lp.map((t) => t.token).join(''), choice.message.content)
    for (const t of lp) {
      assert.deepEqual(t.bytes, [...Buffer.from(t.token, 'utf8')])
      assert.ok(t.logprob < 0 && t.logprob > Math.log(0.5) - 1e-9)
      assert.equal(t.top_logprobs.length, 3)
      assert.deepEqual(t.top_logprobs[0], { token: t.token, logprob: t.logprob, bytes: t.bytes })
      const probs = t.top_logprobs.map((x) => Math.exp(x.logprob))
      assert.ok(probs.every((p, i) => i === 0 || p < probs[i - 1]), 'likeliest first')
      assert.ok(probs.reduce((a, b) => a + b, 0) < 1)
    }
    const { chunks } = await answerChunks(req, fast)
    const choices = chunks.flatMap((c) => c.choices)
    assert.deepEqual(choices[0].logprobs, { content: [], refusal: null })
    assert.deepEqual(choices.filter((c) => c.delta.content !== undefined && c.delta.content !== '').flatMap((c) => c.logprobs?.content ?? []), lp)
  })

  it('no logprobs asked: logprobs null; top_logprobs without logprobs: a 400 naming top_logprobs', async () => {
    assert.equal((await answerJson(ask('hi'), fast)).choices[0].logprobs, null)
    const res = await callFake(ask('hi', { params: { topLogprobs: 2 } }), fast)
    assert.equal(res.status, 400)
    assert.equal((JSON.parse(await bodyText(res)) as { error: { param: string } }).error.param, 'top_logprobs')
  })
})
