/**
 * The SSE decoder, alone: every recorded SSE stream decodes to the events its text holds, and
 * to the same frames however the bytes are cut, at every byte for a set that covers what the
 * providers send (event names, pings, multi-byte UTF-8, CRLF, bare JSON lines); then fuzzed
 * (seeded): random cuts of every recording, and random SSE-like and random bytes, which must
 * give the same frames however they are cut and never throw or hang. The provider tests feed
 * whole recordings once: this file is where chunking is tested.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { decodeSse, decodeSseBatches } from '../../src/streaming/decode-sse.js'
import type { Frame } from '../../src/streaming/frame.js'
import { cutAt, decodeAll, type Decoded } from '../helpers/decoding.js'
import { everySplit, fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { seedFrom } from '../helpers/seed.js'

const seed = seedFrom('FUZZ_SEED', 'SSE decoder fuzz')

/** Every SSE recording the providers' tests replay. */
const RECORDED: readonly (readonly [string, string])[] = [
  ['openai', 'chat-stream-text.sse'],
  ['openai', 'chat-stream-tool-call.sse'],
  ['openai', 'chat-stream-parallel-tool-calls.sse'],
  ['openai', 'chat-stream-json-schema.sse'],
  ['openai', 'chat-stream-refusal.sse'],
  ['openai', 'chat-stream-finish-length.sse'],
  ['openai', 'chat-stream-logprobs.sse'],
  ['openai', 'chat-stream-n3-choices.sse'],
  ['openai', 'chat-stream-include-usage.sse'],
  ['openai', 'completions-stream.sse'],
  ['mistral', 'chat-stream-text.sse'],
  ['mistral', 'chat-stream-tool-call.sse'],
  ['azure', 'chat-stream-prompt-filter-results.sse'],
  ['anthropic', 'messages-stream-text.sse'],
  ['anthropic', 'messages-stream-tool-use.sse'],
  ['anthropic', 'messages-stream-tool-use-with-pings.sse'],
  ['anthropic', 'messages-stream-text-and-tool-use-padded.sse'],
  ['anthropic', 'messages-stream-max-tokens-partial-tool-input.sse'],
  ['anthropic', 'messages-stream-error-overloaded.sse'],
  ['gemini', 'stream-generate-content.sse'],
  ['gemini', 'stream-generate-content-thought-signature.sse'],
  ['gemini', 'stream-generate-content-function-call.sse'],
]

const GEMINI_FIRST = 'data: {"candidates": [{"content": {"parts": [{"text": "Here"}],"role": "model"}}],"modelVersion": "gemini-2.0-flash","responseId": "r1"}\n\n'

/** Cut at every byte: one of each thing the decoder must handle, small enough for n² decodes. */
const EVERY_BYTE: readonly { name: string; bytes: () => Uint8Array }[] = [
  { name: 'openai chat-stream-tool-call.sse', bytes: () => fixtureBytes('openai', 'chat-stream-tool-call.sse') },
  { name: 'mistral chat-stream-text.sse', bytes: () => fixtureBytes('mistral', 'chat-stream-text.sse') },
  { name: 'azure chat-stream-prompt-filter-results.sse', bytes: () => fixtureBytes('azure', 'chat-stream-prompt-filter-results.sse') },
  { name: 'anthropic messages-stream-tool-use-with-pings.sse (event names, pings)', bytes: () => fixtureBytes('anthropic', 'messages-stream-tool-use-with-pings.sse') },
  { name: 'anthropic messages-stream-error-overloaded.sse', bytes: () => fixtureBytes('anthropic', 'messages-stream-error-overloaded.sse') },
  { name: 'gemini stream-generate-content.sse (multi-byte UTF-8)', bytes: () => fixtureBytes('gemini', 'stream-generate-content.sse') },
  { name: 'gemini stream-generate-content.sse with CRLF line ends', bytes: () => Buffer.from(fixtureText('gemini', 'stream-generate-content.sse').replace(/\n/g, '\r\n')) },
  {
    name: 'a bare pretty-printed {"error": …} after a data event (Gemini)',
    bytes: () => Buffer.from(`${GEMINI_FIRST}{\n  "error": {\n    "code": 503,\n    "message": "The model is overloaded. Please try again later.",\n    "status": "UNAVAILABLE"\n  }\n}\n`),
  },
  { name: 'comments, multi-line data, mixed line ends, no final blank line', bytes: () => Buffer.from(': keep-alive\n\nevent: a\ndata: one\ndata: two\n\n: x\r\n\r\ndata: three\r\n\ndata: {"cut": "sho') },
]

/**
 * The events a well-formed LF-only recording holds, read off its text: blocks between blank
 * lines, each one's `event:` and its `data:` lines joined by \n (blocks with no data are not events).
 */
function eventsInText(text: string): Frame[] {
  const out: Frame[] = []
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n')
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(l.startsWith('data: ') ? 6 : 5))
    if (data.length === 0) continue
    const event = lines.find((l) => l.startsWith('event:'))
    const frame: Frame = event === undefined ? { data: data.join('\n') } : { event: event.slice(event.startsWith('event: ') ? 7 : 6), data: data.join('\n') }
    out.push(frame)
  }
  return out
}

/** Frames as the decoder's consumers see them (the `partial` flag included). */
const whole = (bytes: Uint8Array) => decodeAll(decodeSse, [bytes])

describe('SSE decoder on the recordings', () => {
  for (const [provider, file] of RECORDED) {
    it(`${provider}/${file}: the events its text holds`, async () => {
      const text = fixtureText(provider, file)
      const decoded = await whole(Buffer.from(text))
      assert.equal(decoded.error, undefined)
      const expected = eventsInText(text)
      assert.ok(expected.length > 0)
      // A recording that does not end in a blank line gives its last event marked partial.
      const last = decoded.frames.at(-1)
      if (last?.partial === true) expected[expected.length - 1] = { ...expected.at(-1)!, partial: true }
      assert.deepEqual(decoded.frames, expected)
    })
  }
})

describe('SSE decoder at every byte split', () => {
  for (const { name, bytes: bytesOf } of EVERY_BYTE) {
    it(`${name}: identical frames however it is cut`, async () => {
      const bytes = bytesOf()
      const expected = await whole(bytes)
      assert.ok(expected.frames.length > 0)
      for (const chunks of everySplit(bytes)) {
        const got = await decodeAll(decodeSse, chunks)
        if (JSON.stringify(got) !== JSON.stringify(expected)) assert.deepEqual(got, expected, `cut into ${chunks.length} chunks at ${chunks[0]!.byteLength}`)
      }
    })
  }

  it('the batch decoder (the relay reads it) gives the same frames, one batch per read', async () => {
    const bytes = fixtureBytes('anthropic', 'messages-stream-tool-use-with-pings.sse')
    const expected = (await whole(bytes)).frames
    for (const chunks of everySplit(bytes)) {
      const batches: Frame[][] = []
      for await (const batch of decodeSseBatches((async function* () {
        yield* chunks
      })())) batches.push(batch)
      assert.ok(batches.every((b) => b.length > 0))
      assert.ok(batches.length <= chunks.length)
      assert.deepEqual(batches.flat(), expected)
    }
  })
})

/**
 * Text that looks like SSE: field names, LF, CRLF and bare CR line ends, multi-byte characters.
 */
const sseLike = fc
  .array(fc.constantFrom('data:', 'data: ', 'event: ', 'id: 7', 'retry: 10', ': ping', '\n', '\n', '\r\n', '\r', '{"a":', '"é漢🙂"', '}', '[DONE]', 'x', ' '), { maxLength: 60 })
  .map((parts) => Buffer.from(parts.join('')))

/** Random bytes, bare CRs included. */
const randomBytes = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b))

/** Offsets to cut at: any number, any place (cutAt drops the ones outside the body). */
const offsets = fc.array(fc.nat({ max: 120_000 }), { maxLength: 40 })

describe(`SSE decoder fuzz (seed ${seed})`, () => {
  it('random cuts of every recording give the frames of the whole', async () => {
    const wholes = new Map<string, Decoded>()
    for (const [provider, file] of RECORDED) wholes.set(`${provider}/${file}`, await whole(fixtureBytes(provider, file)))
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...RECORDED), offsets, async ([provider, file], cuts) => {
        const bytes = fixtureBytes(provider, file)
        // Offsets scaled to the body, so small recordings are cut as often as large ones.
        const scaled = cuts.map((c) => Math.floor((c / 120_000) * bytes.length))
        assert.deepEqual(await decodeAll(decodeSse, cutAt(bytes, scaled)), wholes.get(`${provider}/${file}`))
      }),
      { seed, numRuns: 300 },
    )
  })

  it('SSE-like text and random bytes: never a throw, never a hang, the same frames however cut', async () => {
    const body = fc.oneof(sseLike, randomBytes)
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.nat({ max: 2000 }), { maxLength: 20 }), async (bytes, cuts) => {
        const expected = await whole(bytes)
        assert.equal(expected.error, undefined, 'the SSE decoder never fails: what is not SSE becomes an unparsed frame or nothing')
        assert.deepEqual(await decodeAll(decodeSse, cutAt(bytes, cuts)), expected)
        assert.deepEqual(await decodeAll(decodeSse, cutAt(bytes, [...bytes.keys()])), expected, 'one byte at a time')
      }),
      { seed, numRuns: 500 },
    )
  })
})

describe('SSE decoder: bare CR line ends (a defect the fuzz test above found)', () => {
  // eventsource-parser holds a feed's trailing CR and did not finish that line when the next feed
  // began another: the event waited for the end of the body and was dispatched `partial`.
  it('an event ended by CR CR is whole, however the CRs are cut', async () => {
    const expected = [{ data: 'three' }, { data: 'x', partial: true }]
    assert.deepEqual((await decodeAll(decodeSse, [Buffer.from('data: three\r\rdata: x')])).frames, expected)
    assert.deepEqual((await decodeAll(decodeSse, [Buffer.from('data: three\r\r'), Buffer.from('data: x')])).frames, expected)
    assert.deepEqual((await decodeAll(decodeSse, [Buffer.from('data: three\r\r')])).frames, [{ data: 'three' }])
  })
})
