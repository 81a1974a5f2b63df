/**
 * The fake is bounded whatever a client asks (issue #10, class 3): an absurd max_tokens is
 * refused at once in OpenAI's shape, an open stream holds a generator's state and not its
 * answer, and one request's work is capped.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatRequest } from '../../../src/canonical/chat.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import type { LocalResponse } from '../../../src/providers/types.js'
import { bodyText, callFake, chat, fakeCtx } from './fake-helpers.js'
import { heapBytesAfterGc as heapBytes } from '../../helpers/heap.js'


const fast = fakeCtx({ ttft_ms: 0, tokens_per_second: 100000 })

async function errorOf(res: LocalResponse): Promise<{ message: string; type: string; param: string | null; code: string | null }> {
  const body = JSON.parse(await bodyText(res)) as { error: { message: string; type: string; param: string | null; code: string | null } }
  return body.error
}

describe('fake bounds: max_tokens', () => {
  it('max_tokens 99999999999 is refused at once with a 400 naming max_tokens and the cap, and takes no memory', async (t) => {
    for (const stream of [false, true]) {
      const heap = heapBytes()
      const t0 = performance.now()
      const res = await callFake(chat('hi', { stream, maxTokens: 99999999999 }), fast)
      const error = await errorOf(res)
      const took = performance.now() - t0
      assert.equal(res.status, 400)
      assert.deepEqual(error, {
        message: 'max_tokens is too large: 99999999999. This model supports at most 16384 completion tokens, whereas you provided 99999999999.',
        type: 'invalid_request_error',
        param: 'max_tokens',
        code: 'invalid_value',
      })
      // Before: about a minute of a blocked event loop and 3 GB. A generous bound for a loaded machine.
      t.diagnostic(`max_tokens 99999999999 (stream: ${stream}) answered in ${took.toFixed(1)} ms`)
      assert.ok(took < 500, `answered in ${took.toFixed(0)} ms`)
      assert.ok(heapBytes() - heap < 8 * 2 ** 20, 'the heap stayed flat')
      // The openai mapping turns it into the gateway's invalid_request, param kept.
      const mapped = fakeAdapter.parseError(400, { error }, new Headers(), fast)
      assert.equal(mapped.kind, 'invalid_request')
      assert.equal(mapped.detail.param, 'max_tokens')
    }
  })

  it('exactly the cap is answered', async () => {
    const ok = await callFake(chat('hi', { stream: true, maxTokens: 16384 }), fast)
    assert.equal(ok.status, 200)
    await ok.body[Symbol.asyncIterator]().return?.(undefined)
  })

  it('the cap follows the provider’s capabilities.max_output_tokens from routes.yaml', async () => {
    const small = fakeCtx({ ttft_ms: 0, tokens_per_second: 100000 }, { capabilities: { maxOutputTokens: 10 } })
    assert.equal((await callFake(chat('hi', { maxTokens: 10 }), small)).status, 200)
    const error = await errorOf(await callFake(chat('hi', { maxTokens: 11 }), small))
    assert.match(error.message, /at most 10 completion tokens, whereas you provided 11/)
  })

  it('n × max_tokens is bounded for one request (4 × the cap), refused naming n', async () => {
    const req: ChatRequest = { ...chat('hi', { maxTokens: 16384 }), params: { maxTokens: 16384, n: 5 } }
    const res = await callFake(req, fast)
    assert.equal(res.status, 400)
    const error = await errorOf(res)
    assert.equal(error.param, 'n')
    assert.match(error.message, /5 × 16384 = 81920\. This model writes at most 65536 completion tokens for one request/)
    const fits: ChatRequest = { ...chat('hi', { maxTokens: 16384 }), params: { maxTokens: 16384, n: 4 } }
    assert.equal((await callFake(fits, fast)).status, 200)
  })
})

describe('fake bounds: a large request is read once', () => {
  it('a 1 MB prompt, 500 functions and n=128: the prompt is read once, not once per choice', async (t) => {
    const tools = Array.from({ length: 500 }, (_, i) => ({ name: `tool_number_${i}_with_a_long_name`, parameters: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } }))
    const slow = fakeCtx({ ttft_ms: 0, tokens_per_second: 0.001 })
    const ac = new AbortController()
    const t0 = performance.now()
    const res = await callFake({ ...chat('word '.repeat(200_000), { stream: true }), tools, toolChoice: 'required', params: { n: 128 } }, slow, ac.signal)
    const took = performance.now() - t0
    ac.abort()
    await res.body[Symbol.asyncIterator]().next()
    t.diagnostic(`planned in ${took.toFixed(0)} ms`)
    assert.equal(res.status, 200)
    assert.ok(took < 3000, `planning took ${took.toFixed(0)} ms`)
  })
})

describe('fake bounds: lazy generation', () => {
  /** Opens `count` streams, reads each one's first chunk, and returns the heap each holds. */
  async function heapPerOpenStream(count: number, maxTokens: number): Promise<number> {
    const slow = fakeCtx({ ttft_ms: 0, tokens_per_second: 0.001 }) // the second token is far away
    const ac = new AbortController()
    const held: AsyncIterator<Uint8Array>[] = []
    // A warm-up stream, so that what is made once per process is not counted.
    const warm = (await callFake(chat('warm up', { stream: true, maxTokens }), slow, ac.signal)).body[Symbol.asyncIterator]()
    await warm.next()
    const before = heapBytes()
    for (let i = 0; i < count; i++) {
      const it = (await callFake(chat(`Tell me about stream number ${i}, please, in some detail`, { stream: true, maxTokens }), slow, ac.signal)).body[Symbol.asyncIterator]()
      await it.next()
      held.push(it)
    }
    const perStream = (heapBytes() - before) / count
    ac.abort()
    await Promise.all([warm, ...held].map((it) => it.next()))
    return perStream
  }

  it('an open stream holds the same small state whatever its max_tokens', async (t) => {
    const short = await heapPerOpenStream(300, 16)
    const long = await heapPerOpenStream(300, 16384)
    t.diagnostic(`heap per open stream: ${Math.round(short)} bytes at max_tokens 16, ${Math.round(long)} at 16384`)
    // Before, the whole answer was built up front: about 33 bytes a token, 530 KB for 16384.
    assert.ok(long < 32 * 1024, `${Math.round(long)} bytes per open stream at max_tokens 16384`)
    assert.ok(long - short < 4 * 1024, `max_tokens 16384 holds ${Math.round(long - short)} bytes more than max_tokens 16`)
  })

  it('a long non-streaming answer does not hold the event loop', async (t) => {
    const req: ChatRequest = { ...chat('hi', { maxTokens: 16384 }), params: { maxTokens: 16384, n: 4 } }
    let longestGap = 0
    let last = performance.now()
    const ticker = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 2)
    const text = await bodyText(await callFake(req, fast))
    clearInterval(ticker)
    const body = JSON.parse(text) as { choices: { finish_reason: string }[]; usage: { completion_tokens: number } }
    assert.deepEqual(body.choices.map((c) => c.finish_reason), ['length', 'length', 'length', 'length'])
    assert.equal(body.usage.completion_tokens, 4 * 16384)
    t.diagnostic(`longest event-loop gap while 4 × 16384 tokens were generated: ${longestGap.toFixed(0)} ms`)
    assert.ok(longestGap < 500, `the event loop was held for ${longestGap.toFixed(0)} ms`)
  })
})
