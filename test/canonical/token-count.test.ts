/**
 * Usage an upstream reports is checked wherever it is read: `1e308`, `-5`, `1.5` and `"12"`
 * are not token counts, so they are dropped (counted as absent), named for the log, and never
 * counted; plausible counts beside them are kept. Every provider's usage reader, chat (plain
 * and streamed) and embeddings.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent, Usage } from '../../src/canonical/chat.js'
import { MAX_TOKEN_COUNT, readTokenCounts, tokenCount } from '../../src/canonical/token-count.js'
import { parseConfig } from '../../src/config/load.js'
import { defaultAdapters } from '../../src/providers/registry.js'
import type { CallContext, ProviderKind } from '../../src/providers/types.js'
import { decodeFrames } from '../../src/streaming/decode-frames.js'
import type { Framing } from '../../src/streaming/frame.js'

const HOSTILE: unknown[] = [1e308, -5, 1.5, '12', Number.NaN, Infinity, MAX_TOKEN_COUNT + 1, true, { n: 1 }]

const config = parseConfig(
  `
providers:
  oa: { kind: openai, base_url: https://up.example/v1, api_key: k-0123456789 }
  an: { kind: anthropic, base_url: https://up.example, api_key: k-0123456789 }
  ge: { kind: gemini, base_url: https://up.example/v1beta, api_key: k-0123456789 }
  ol: { kind: ollama, base_url: https://up.example }
  br: { kind: bedrock, base_url: https://bedrock-runtime.us-east-1.amazonaws.com, region: us-east-1, api_key: k-0123456789 }
`,
  'routes.yaml',
  {},
)
const ctx = (name: string): CallContext => ({ provider: config.providers.get(name)!, model: 'm', requestId: 'r', dropParams: true, dropped: [] })
const adapter = (name: string) => defaultAdapters(config.providers.get(name)!.kind as ProviderKind)!

/** Each kind's answer, with its prompt counter set to `bad` and its completion counter to 7. */
const ANSWERS: Record<string, (bad: unknown) => unknown> = {
  an: (bad) => ({ id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: bad, output_tokens: 7 } }),
  ge: (bad) => ({ candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: bad, candidatesTokenCount: 7 } }),
  ol: (bad) => ({ model: 'm', message: { role: 'assistant', content: 'hi' }, done: true, done_reason: 'stop', prompt_eval_count: bad, eval_count: 7 }),
  br: (bad) => ({ output: { message: { role: 'assistant', content: [{ text: 'hi' }] } }, stopReason: 'end_turn', usage: { inputTokens: bad, outputTokens: 7 } }),
}

/** The same as a stream, framed as each kind frames it (Bedrock's binary framing aside: its usage reader is the one above). */
const STREAMS: Record<string, { framing: Framing; body: (bad: unknown) => string }> = {
  an: {
    framing: 'sse',
    body: (bad) =>
      [
        ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], usage: { input_tokens: bad, output_tokens: 1 } } }],
        ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } }],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }],
        ['message_stop', { type: 'message_stop' }],
      ]
        .map(([event, data]) => `event: ${event as string}\ndata: ${JSON.stringify(data)}\n\n`)
        .join(''),
  },
  ge: { framing: 'sse', body: (bad) => `data: ${JSON.stringify(ANSWERS.ge!(bad))}\n\n` },
  ol: { framing: 'ndjson', body: (bad) => `${JSON.stringify(ANSWERS.ol!(bad))}\n` },
}

function assertDropped(usage: Usage | undefined, what: string): void {
  assert.ok(usage !== undefined, what)
  assert.equal(usage.promptTokens, 0, `${what}: the implausible prompt count is not counted`)
  assert.equal(usage.completionTokens, 7, `${what}: the plausible one is kept`)
  assert.ok(Number.isSafeInteger(usage.totalTokens ?? 0) && (usage.totalTokens ?? 0) <= MAX_TOKEN_COUNT, `${what}: total ${usage.totalTokens}`)
  assert.equal(usage.implausible?.length, 1, `${what}: named for the log`)
}

describe('tokenCount', () => {
  it('accepts non-negative integers up to the cap, nothing else', () => {
    for (const ok of [0, 1, 12, MAX_TOKEN_COUNT]) assert.equal(tokenCount(ok), ok)
    for (const bad of HOSTILE) assert.equal(tokenCount(bad), undefined, String(bad))
  })

  it('readTokenCounts keeps the good, names the bad, ignores the absent', () => {
    assert.deepEqual(readTokenCounts({ a: 3, b: 1e308, c: null, d: '12' }, ['a', 'b', 'c', 'd', 'e']), { counts: { a: 3 }, implausible: ['b=1e+308', 'd="12"'] })
  })
})

describe('every provider drops implausible usage', () => {
  for (const name of Object.keys(ANSWERS)) {
    it(`${config.providers.get(name)!.kind}: a plain answer`, () => {
      for (const bad of HOSTILE) assertDropped(adapter(name).parseResponse(ANSWERS[name]!(bad), ctx(name)).usage, `${name} ${String(bad)}`)
    })
  }

  for (const name of Object.keys(STREAMS)) {
    it(`${config.providers.get(name)!.kind}: a streamed answer`, async () => {
      // JSON carries NaN and Infinity as null (absent), so only the others can come in a stream.
      for (const bad of HOSTILE.filter((v) => JSON.stringify(v) !== 'null')) {
        async function* body() {
          yield Buffer.from(STREAMS[name]!.body(bad))
        }
        let usage: Usage | undefined
        for await (const e of adapter(name).parseStream(decodeFrames(STREAMS[name]!.framing, body()), ctx(name)) as AsyncIterable<ChatEvent>) {
          if (e.type === 'usage') usage = e.usage
        }
        assertDropped(usage, `${name} stream ${String(bad)}`)
      }
    })
  }

  it('embeddings: openai, ollama and bedrock usage', () => {
    for (const bad of HOSTILE) {
      const openai = adapter('oa').embeddings!.parseEmbeddings({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], model: 'm', usage: { prompt_tokens: bad, total_tokens: bad } }, ctx('oa'))
      const ollama = adapter('ol').embeddings!.parseEmbeddings({ model: 'm', embeddings: [[0.1]], prompt_eval_count: bad }, ctx('ol'))
      const bedrock = adapter('br').embeddings!.parseEmbeddings({ embedding: [0.1], inputTextTokenCount: bad }, ctx('br'))
      for (const [what, usage] of [['openai', openai.usage], ['ollama', ollama.usage], ['bedrock', bedrock.usage]] as const) {
        assert.equal(usage?.promptTokens ?? 0, 0, `${what} ${String(bad)}`)
        assert.ok((usage?.implausible?.length ?? 0) >= 1, `${what} ${String(bad)}`)
      }
    }
  })
})
