/**
 * One wire format, one reading: the relay's tap (the chat front door passing an OpenAI-format
 * stream through) and the adapter's parser (translating it for another front door) read every
 * OpenAI-format recording the same way: the same usage, finish, token-carrying frames and
 * errors. And what the relay passes on reads back as the same answer.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatEvent, JsonObject } from '../../src/canonical/chat.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { decodeSse, decodeSseBatches } from '../../src/streaming/decode-sse.js'
import { relayStream } from '../../src/streaming/relay.js'
import { newTally, type StreamTally } from '../../src/streaming/stream-piece.js'
import { createOpenAIChunkReader, readOpenAIChunks } from '../../src/wire/openai-chat/chunk-reader.js'
import { openAIChatTap } from '../../src/wire/openai-chat/stream-tap.js'
import type { ReaderContext } from '../../src/wire/reader-context.js'
import { chunksOf, collect, fixtureBytes } from '../helpers/fixtures.js'
import { foldEvents } from '../providers/openai/helpers.js'

const reader: ReaderContext = {
  requestId: 'req-1',
  provider: 'up',
  streamError: (body: JsonObject) => new GatewayError('upstream_error', `in-stream error: ${JSON.stringify(body.error)}`, { provider: 'up' }),
}

const RECORDINGS: [string, string][] = [
  ['openai', 'chat-stream-text.sse'],
  ['openai', 'chat-stream-include-usage.sse'],
  ['openai', 'chat-stream-finish-length.sse'],
  ['openai', 'chat-stream-json-schema.sse'],
  ['openai', 'chat-stream-logprobs.sse'],
  ['openai', 'chat-stream-n3-choices.sse'],
  ['openai', 'chat-stream-parallel-tool-calls.sse'],
  ['openai', 'chat-stream-refusal.sse'],
  ['openai', 'chat-stream-tool-call.sse'],
  ['openai', 'completions-stream.sse'],
  ['mistral', 'chat-stream-text.sse'],
  ['mistral', 'chat-stream-tool-call.sse'],
  ['azure', 'chat-stream-prompt-filter-results.sse'],
]

/** Streams no recording shows, written as the servers send them. */
const SYNTHETIC: [string, string][] = [
  ['error frame with a space after the brace', 'data: {"id":"a","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: { "error": {"message":"overloaded","type":"server_error"} }\n\n'],
  ['error frame before any content', 'data: {"error":{"message":"rate limited","type":"rate_limit_error","code":"rate_limit_exceeded"}}\n\n'],
  ['Mistral finish_reason error', 'data: {"id":"a","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: {"id":"a","choices":[{"index":0,"delta":{},"finish_reason":"error"}]}\n\ndata: [DONE]\n\n'],
  ['Mistral content array', 'data: {"id":"a","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[]},{"type":"text","text":"Hello"}]}}]}\n\ndata: {"id":"a","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\ndata: [DONE]\n\n'],
  ['[DONE] and nothing else', 'data: [DONE]\n\n'],
  ['cut off before the finish', 'data: {"id":"a","choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n'],
  ['reasoning deltas', 'data: {"id":"a","choices":[{"index":0,"delta":{"reasoning_content":"think"}}]}\n\ndata: {"id":"a","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'],
]

interface Reading {
  usage: unknown
  finish: string | undefined
  tokenFrames: number
  error: string | undefined
}

/** The parser's reading: the chunk reader's events frame by frame, as the adapter's parser gets them. */
async function parserReading(bytes: Uint8Array): Promise<{ reading: Reading; events: ChatEvent[] }> {
  const chunks = createOpenAIChunkReader(reader)
  const events: ChatEvent[] = []
  let tokenFrames = 0
  for (const frame of await collect(decodeSse(chunksOf(bytes)))) {
    const { events: frameEvents } = chunks.read(frame)
    if (frameEvents.some(carries)) tokenFrames++
    events.push(...frameEvents)
  }
  events.push(...chunks.end())
  // The adapter's parser is this same reader over the same frames.
  assert.deepEqual(await collect(readOpenAIChunks(decodeSse(chunksOf(bytes)), reader)), events.slice(0, firstErrorEnd(events)))
  const folded = foldEvents(events)
  return { reading: { usage: folded.usage, finish: folded.errors.length > 0 ? undefined : folded.finish, tokenFrames, error: folded.errors[0] }, events }
}

/** The parser stops at its first error event. */
function firstErrorEnd(events: ChatEvent[]): number {
  const i = events.findIndex((e) => e.type === 'error')
  return i === -1 ? events.length : i + 1
}

function carries(e: ChatEvent): boolean {
  return ((e.type === 'text' || e.type === 'reasoning' || e.type === 'refusal') && e.delta !== '') || e.type === 'tool-call-start' || e.type === 'tool-call-delta'
}

/** The relay's reading: the tap's tally, and the text it passes on. */
async function relayReading(bytes: Uint8Array, includeUsage: boolean): Promise<{ reading: Reading; relayed: string; tally: StreamTally }> {
  const tally = newTally()
  let relayed = ''
  let error: string | undefined
  try {
    for await (const piece of relayStream(decodeSseBatches(chunksOf(bytes)), openAIChatTap(reader, includeUsage), tally)) relayed += piece.sse
  } catch (err) {
    assert.ok(err instanceof GatewayError, `not a GatewayError: ${String(err)}`)
    error = `${err.kind}: ${err.message}`
  }
  return { reading: { usage: tally.usage, finish: error === undefined ? tally.finish : undefined, tokenFrames: tally.tokenPieces, error }, relayed, tally }
}

describe('the relay tap and the adapter parser read OpenAI streams the same way', () => {
  for (const [kind, file] of RECORDINGS) {
    it(`${kind}/${file}`, async () => {
      const bytes = fixtureBytes(kind, file)
      const parsed = await parserReading(bytes)
      const relayed = await relayReading(bytes, true)
      const { finish: parsedFinish, ...parsedRest } = parsed.reading
      const { finish: relayedFinish, ...relayedRest } = relayed.reading
      assert.deepEqual(relayedRest, parsedRest)
      // The tap keeps the provider's own finish reason; the parser maps it (stop after tool calls → tool_calls).
      assert.equal(relayedFinish === undefined, parsedFinish === undefined)
      assert.ok(parsed.reading.tokenFrames > 0, 'a recording with content')
      // What the relay passed on reads back as the same answer.
      const again = await parserReading(Buffer.from(relayed.relayed))
      assert.deepEqual(foldEvents(again.events), foldEvents(parsed.events))
    })
  }
  for (const [name, text] of SYNTHETIC) {
    it(name, async () => {
      const bytes = Buffer.from(text)
      const parsed = await parserReading(bytes)
      const relayed = await relayReading(bytes, true)
      assert.deepEqual({ ...relayed.reading, finish: undefined }, { ...parsed.reading, finish: undefined })
      assert.equal(relayed.reading.error === undefined, parsed.reading.error === undefined)
    })
  }

  it('the usage-only chunk is passed on only when the client asked for it; its usage is read either way', async () => {
    const bytes = fixtureBytes('openai', 'chat-stream-include-usage.sse')
    const withUsage = await relayReading(bytes, true)
    const without = await relayReading(bytes, false)
    assert.deepEqual(without.tally.usage, withUsage.tally.usage)
    assert.match(withUsage.relayed, /"choices":\[\],"usage"/)
    assert.doesNotMatch(without.relayed, /"choices":\[\],"usage"/)
  })

  it("Azure's prompt-filter chunk (choices: [], empty id) is not passed on", async () => {
    const relayed = await relayReading(fixtureBytes('azure', 'chat-stream-prompt-filter-results.sse'), true)
    for (const event of relayed.relayed.split('\n\n').filter((e) => e.startsWith('data: {'))) {
      const chunk = JSON.parse(event.slice('data: '.length)) as { choices: unknown[]; usage?: unknown }
      assert.ok(chunk.choices.length > 0 || chunk.usage !== undefined, event)
    }
  })
})
