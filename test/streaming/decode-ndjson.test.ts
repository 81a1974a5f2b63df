/**
 * The NDJSON decoder (Ollama), alone: each recording decodes to its non-empty lines, the same
 * frames at every byte split; fuzzed (seeded) with random cuts, random JSON-ish text and random
 * bytes: never a throw, never a hang, the same frames however cut.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { decodeNdjson } from '../../src/streaming/decode-ndjson.js'
import { cutAt, decodeAll } from '../helpers/decoding.js'
import { everySplit, fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { seedFrom } from '../helpers/seed.js'

const seed = seedFrom('FUZZ_SEED', 'NDJSON decoder fuzz')

const RECORDED = ['chat-stream.ndjson', 'chat-stream-tools.ndjson', 'generate-stream-error.ndjson']

describe('NDJSON decoder on the recordings', () => {
  for (const file of RECORDED) {
    it(`${file}: one frame per non-empty line, the same at every byte split`, async () => {
      const bytes = fixtureBytes('ollama', file)
      const lines = fixtureText('ollama', file)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
      const whole = await decodeAll(decodeNdjson, [bytes])
      assert.deepEqual(whole, { frames: lines.map((data) => ({ data })) })
      for (const line of lines) JSON.parse(line)
      for (const chunks of everySplit(bytes)) assert.deepEqual(await decodeAll(decodeNdjson, chunks), whole, `cut at ${chunks[0]!.byteLength}`)
    })
  }

  it('CRLF line ends, blank lines and a last line without its newline', async () => {
    const bytes = Buffer.from('{"a":1}\r\n\r\n  \n{"b":"é漢"}\n{"c":')
    const whole = await decodeAll(decodeNdjson, [bytes])
    assert.deepEqual(whole, { frames: [{ data: '{"a":1}' }, { data: '{"b":"é漢"}' }, { data: '{"c":' }] })
    for (const chunks of everySplit(bytes)) assert.deepEqual(await decodeAll(decodeNdjson, chunks), whole)
  })
})

describe(`NDJSON decoder fuzz (seed ${seed})`, () => {
  const jsonish = fc.array(fc.constantFrom('{"message":', '{"content":"', 'é漢🙂', '"}', '}', '\n', '\n', '\r\n', ' ', 'done', 'true'), { maxLength: 60 }).map((p) => Buffer.from(p.join('')))
  const body = fc.oneof(jsonish, fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)))

  it('random text and bytes: never a throw, never a hang, the same frames however cut', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.nat({ max: 2000 }), { maxLength: 20 }), async (bytes, cuts) => {
        const whole = await decodeAll(decodeNdjson, [bytes])
        assert.equal(whole.error, undefined)
        assert.deepEqual(await decodeAll(decodeNdjson, cutAt(bytes, cuts)), whole)
        assert.deepEqual(await decodeAll(decodeNdjson, cutAt(bytes, [...bytes.keys()])), whole, 'one byte at a time')
      }),
      { seed, numRuns: 500 },
    )
  })
})
