/**
 * The OpenAI chunk encoder is the inverse of the OpenAI stream parser: a recorded Anthropic
 * stream, translated to canonical events, encoded as OpenAI chunks, then decoded and parsed
 * as an OpenAI stream, gives back the same text, tool calls, finish and usage.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent } from '../../src/canonical/chat.js'
import { anthropicAdapter } from '../../src/providers/anthropic/index.js'
import { openaiAdapter } from '../../src/providers/openai/index.js'
import { decodeSse } from '../../src/streaming/decode-sse.js'
import { createChunkEncoder } from '../../src/wire/openai-chat/encode-chunks.js'
import { chunksOf, collect, fixtureBytes } from '../helpers/fixtures.js'
import { anthropicCtx, fold } from '../providers/anthropic/helpers.js'

async function roundTrip(file: string): Promise<{ original: ChatEvent[]; back: ChatEvent[] }> {
  const ctx = anthropicCtx()
  const original = await collect(anthropicAdapter.parseStream(decodeSse(chunksOf(fixtureBytes('anthropic', file))), ctx))
  const encoder = createChunkEncoder({ id: 'chatcmpl-rt', created: 1, model: 'claude' }, true)
  let sse = ''
  for (const event of original) if (event.type !== 'error') sse += encoder.encode(event)
  sse += encoder.end()
  const back = await collect(openaiAdapter.parseStream(decodeSse(chunksOf(Buffer.from(sse))), { ...ctx, provider: { ...ctx.provider, kind: 'openai' } }))
  return { original, back }
}

describe('canonical events → OpenAI chunks → canonical events', () => {
  for (const file of ['messages-stream-text.sse', 'messages-stream-tool-use.sse', 'messages-stream-text-and-tool-use-padded.sse']) {
    it(`keeps ${file} intact`, async () => {
      const { original, back } = await roundTrip(file)
      const a = fold(original)
      const b = fold(back)
      assert.ok(a.text.length > 0 || a.toolCalls.length > 0)
      assert.equal(b.text, a.text)
      assert.deepEqual(
        b.toolCalls.map((c) => [c.id, c.name, JSON.parse(c.arguments) as unknown]),
        a.toolCalls.map((c) => [c.id, c.name, JSON.parse(c.arguments) as unknown]),
      )
      assert.equal(b.finish, a.finish)
      assert.deepEqual(b.usage.at(-1)?.completionTokens, a.usage.at(-1)?.completionTokens)
      assert.deepEqual(b.usage.at(-1)?.promptTokens, a.usage.at(-1)?.promptTokens)
      assert.equal(b.errors.length, 0)
    })
  }
})
