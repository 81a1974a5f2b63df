/**
 * The Messages encoders against the recorded Anthropic streams' grammar: first the grammar is
 * checked on the recordings themselves, then every provider's recorded stream, read by its
 * adapter into canonical events, is written as a Messages stream, checked against the same
 * grammar, and assembled by the official SDK's MessageStream (its own SSE parser and
 * accumulator): the text, tool calls and stop reason must be the adapter's.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import Anthropic from '@anthropic-ai/sdk'
import type { ChatEvent, ChatResult, ResponseMeta } from '../../src/canonical/chat.js'
import { anthropicAdapter } from '../../src/providers/anthropic/index.js'
import { bedrockAdapter } from '../../src/providers/bedrock/index.js'
import { geminiAdapter } from '../../src/providers/gemini/index.js'
import { ollamaAdapter } from '../../src/providers/ollama/index.js'
import { openaiAdapter } from '../../src/providers/openai/index.js'
import type { CallContext, ProviderAdapter } from '../../src/providers/types.js'
import { decodeFrames } from '../../src/streaming/decode-frames.js'
import type { Framing } from '../../src/streaming/frame.js'
import { createMessagesEncoder } from '../../src/wire/anthropic-messages/encode-events.js'
import { encodeMessage } from '../../src/wire/anthropic-messages/encode-result.js'
import { readSignature } from '../../src/wire/anthropic-messages/signature.js'
import { chunksOf, collect, fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { assertMessagesGrammar, parseSse } from '../helpers/messages-grammar.js'
import { anthropicCtx } from '../providers/anthropic/helpers.js'
import { bedrockContext } from '../providers/bedrock/context.js'
import { geminiContext } from '../providers/gemini/context.js'
import { ollamaCtx } from '../providers/ollama/helpers.js'
import { makeCtx } from '../providers/openai/helpers.js'

const RECORDED = [
  ['anthropic', 'messages-stream-text.sse'],
  ['anthropic', 'messages-stream-tool-use.sse'],
  ['anthropic', 'messages-stream-tool-use-with-pings.sse'],
  ['anthropic', 'messages-stream-text-and-tool-use-padded.sse'],
  ['anthropic-messages', 'messages-stream-thinking-signature.sse'],
  ['anthropic-messages', 'messages-stream-thinking-tool-use.sse'],
  ['anthropic-messages', 'messages-stream-thinking-tool-use-noargs.sse'],
  ['anthropic-messages', 'messages-stream-redacted-thinking.sse'],
  ['anthropic-messages', 'messages-stream-parallel-tool-use.sse'],
  ['anthropic-messages', 'messages-stream-after-tool-result.sse'],
] as const

for (const [folder, file] of RECORDED) {
  test(`the grammar holds for the recorded ${file}`, () => {
    assertMessagesGrammar(parseSse(fixtureText(folder, file)), file)
  })
}

interface Source {
  adapter: ProviderAdapter
  ctx: CallContext
  folder: string
  file: string
  framing: Framing
}

const SOURCES: Source[] = [
  ...['chat-stream-text.sse', 'chat-stream-tool-call.sse', 'chat-stream-parallel-tool-calls.sse', 'chat-stream-include-usage.sse', 'chat-stream-refusal.sse', 'chat-stream-finish-length.sse'].map((file) => ({ adapter: openaiAdapter, ctx: makeCtx(), folder: 'openai', file, framing: 'sse' as const })),
  ...['chat-stream-text.sse', 'chat-stream-tool-call.sse'].map((file) => ({ adapter: openaiAdapter, ctx: makeCtx(), folder: 'mistral', file, framing: 'sse' as const })),
  ...['stream-generate-content.sse', 'stream-generate-content-function-call.sse', 'stream-generate-content-thought-signature.sse'].map((file) => ({ adapter: geminiAdapter, ctx: geminiContext(), folder: 'gemini', file, framing: 'sse' as const })),
  ...['converse-stream-text.eventstream', 'converse-stream-tool-use.eventstream', 'converse-stream-parallel-tool-use.eventstream'].map((file) => ({ adapter: bedrockAdapter, ctx: bedrockContext(), folder: 'bedrock', file, framing: 'aws-eventstream' as const })),
  ...['chat-stream.ndjson', 'chat-stream-tools.ndjson'].map((file) => ({ adapter: ollamaAdapter, ctx: ollamaCtx(), folder: 'ollama', file, framing: 'ndjson' as const })),
  ...RECORDED.map(([folder, file]) => ({ adapter: anthropicAdapter, ctx: anthropicCtx(), folder, file, framing: 'sse' as const })),
]

function encode(events: readonly ChatEvent[], meta: ResponseMeta): string {
  const encoder = createMessagesEncoder(meta, { omitThinking: false })
  let out = ''
  for (const event of events) if (event.type !== 'error') out += encoder.encode(event)
  return out + encoder.end()
}

/** The official SDK's assembly of a Messages stream (its SSE parser and accumulator, fed through a fake fetch). */
async function sdkFinal(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({ apiKey: 'test', maxRetries: 0, fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }) })
  return client.messages.stream({ model: 'm', max_tokens: 1, messages: [] }).finalMessage()
}

/** What the canonical events say the answer is. */
function folded(events: readonly ChatEvent[]): { text: string; tools: { name: string; input: unknown }[]; finish?: string; thoughts: number } {
  let text = ''
  const args = new Map<number, { name: string; args: string }>()
  let finish: string | undefined
  let thoughts = 0
  for (const e of events) {
    if (e.type === 'text' || e.type === 'refusal') text += e.delta
    if (e.type === 'tool-call-start') args.set(e.index, { name: e.name, args: '' })
    if (e.type === 'tool-call-delta') args.get(e.index)!.args += e.argsDelta
    if (e.type === 'finish') finish = e.reason
    if (e.type === 'reasoning-done') thoughts++
  }
  return { text, tools: [...args.values()].map((a) => ({ name: a.name, input: a.args === '' ? {} : JSON.parse(a.args) })), finish, thoughts }
}

const STOP: Readonly<Record<string, string>> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' }

for (const s of SOURCES) {
  test(`${s.folder}/${s.file} via ${s.adapter.kind}: a grammatical Messages stream the SDK assembles to the same answer`, async () => {
    const events = await collect(s.adapter.parseStream(decodeFrames(s.framing, chunksOf(fixtureBytes(s.folder, s.file))), s.ctx))
    assert.ok(!events.some((e) => e.type === 'error'), 'the recording reads without error')
    const sse = encode(events, { id: 'msg_test', created: 0, model: 'm', origin: s.adapter.kind })
    assertMessagesGrammar(parseSse(sse), `${s.folder}/${s.file}`)
    const final = await sdkFinal(sse)
    const want = folded(events)
    assert.equal(final.content.filter((b) => b.type === 'text').map((b) => (b.type === 'text' ? b.text : '')).join(''), want.text)
    assert.deepEqual(final.content.flatMap((b) => (b.type === 'tool_use' ? [{ name: b.name, input: b.input }] : [])), want.tools)
    assert.equal(final.stop_reason, STOP[want.finish ?? 'stop'])
    const usage = events.findLast((e) => e.type === 'usage')
    if (usage?.type === 'usage') assert.equal(final.usage.output_tokens, usage.usage.completionTokens)
    for (const block of final.content) {
      if (block.type !== 'thinking') continue
      // Anthropic's own signatures go out as they came; others are marked with their kind.
      assert.equal(readSignature(block.signature).origin, s.adapter.kind)
    }
  })
}

test('a Bedrock reasoning stream: its signature goes out marked bedrock, and reads back as Bedrock’s own', async () => {
  const ctx = bedrockContext()
  const lines = fixtureText('bedrock', 'converse-stream-reasoning.sdk-events.jsonl').trim().split('\n')
  const frames = lines.map((line) => {
    const [event, data] = Object.entries(JSON.parse(line) as Record<string, unknown>)[0]!
    return { event, data: JSON.stringify(data) }
  })
  const events = await collect(bedrockAdapter.parseStream(chunksOfFrames(frames), ctx))
  const sse = encode(events, { id: 'msg_test', created: 0, model: 'm', origin: 'bedrock' })
  assertMessagesGrammar(parseSse(sse), 'bedrock reasoning')
  const final = await sdkFinal(sse)
  const thinking = final.content[0]
  assert.ok(thinking?.type === 'thinking')
  assert.match(thinking.thinking, /strawberry/)
  const recorded = /"signature":"([^"]+)"/.exec(lines.join('\n'))![1]
  assert.equal(thinking.signature, `switchyard:bedrock:${recorded}`)
  assert.deepEqual(readSignature(thinking.signature), { origin: 'bedrock', data: recorded })
})

async function* chunksOfFrames<T>(frames: T[]): AsyncGenerator<T> {
  for (const f of frames) yield f
}

test('thinking display "omitted": blocks keep their signature, not their text; unsigned reasoning still gets a marked signature', async () => {
  const meta: ResponseMeta = { id: 'msg_t', created: 0, model: 'm', origin: 'openai' }
  const encoder = createMessagesEncoder(meta, { omitThinking: true })
  let sse = encoder.encode({ type: 'start' })
  sse += encoder.encode({ type: 'reasoning', delta: 'secret plan' })
  sse += encoder.encode({ type: 'text', delta: 'Hi' })
  sse += encoder.encode({ type: 'finish', reason: 'stop' })
  sse += encoder.end()
  assertMessagesGrammar(parseSse(sse))
  assert.ok(!sse.includes('secret plan'))
  const final = await sdkFinal(sse)
  assert.deepEqual(final.content[0], { type: 'thinking', thinking: '', signature: 'switchyard:openai:' })
})

test('usage: Anthropic input_tokens excludes cache reads and writes, which come back in their own fields', async () => {
  const meta: ResponseMeta = { id: 'msg_u', created: 0, model: 'm', origin: 'openai' }
  const result: ChatResult = { text: 'ok', toolCalls: [], finish: 'stop', usage: { promptTokens: 1000, completionTokens: 5, cachedPromptTokens: 600, cacheWriteTokens: 100 } }
  assert.deepEqual(encodeMessage(result, meta, { omitThinking: false }).usage, { input_tokens: 300, cache_creation_input_tokens: 100, cache_read_input_tokens: 600, output_tokens: 5 })
  const encoder = createMessagesEncoder(meta, { omitThinking: false })
  const sse = encoder.encode({ type: 'text', delta: 'ok' }) + encoder.encode({ type: 'usage', usage: result.usage! }) + encoder.encode({ type: 'finish', reason: 'stop' }) + encoder.end()
  const final = await sdkFinal(sse)
  assert.equal(final.usage.input_tokens, 300)
  assert.equal(final.usage.cache_read_input_tokens, 600)
  assert.equal(final.usage.cache_creation_input_tokens, 100)
})

test('tool arguments that interleave with a later block cannot be written: a clear upstream error, not a garbled stream', () => {
  const encoder = createMessagesEncoder({ id: 'msg_i', created: 0, model: 'm' }, { omitThinking: false })
  encoder.encode({ type: 'tool-call-start', index: 0, id: 'a', name: 'one' })
  encoder.encode({ type: 'tool-call-start', index: 1, id: 'b', name: 'two' })
  assert.throws(() => encoder.encode({ type: 'tool-call-delta', index: 0, argsDelta: '{}' }), /cannot interleave/)
})
