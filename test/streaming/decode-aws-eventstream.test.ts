/**
 * The AWS event-stream decoder (Bedrock), alone: each recording decodes to its transcript, the
 * same frames at every byte split (around every message boundary for the 19 KB one, whose n²
 * decodes take seconds); fuzzed (seeded) with random cuts, random bytes and recordings with
 * bytes flipped: never a throw that is not a GatewayError, never a hang. The provider tests
 * feed whole recordings once: this file is where chunking is tested.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { decodeAwsEventStream } from '../../src/streaming/decode-aws-eventstream.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import type { Frame } from '../../src/streaming/frame.js'
import { cutAt, decodeAll } from '../helpers/decoding.js'
import { chunksOf, collect, everySplit, fixtureBytes, fixtureText } from '../helpers/fixtures.js'
import { seedFrom } from '../helpers/seed.js'

const seed = seedFrom('FUZZ_SEED', 'AWS event-stream decoder fuzz')

const STREAMS = [
  'converse-stream-text',
  'converse-stream-tool-use',
  'converse-stream-parallel-tool-use',
  'converse-stream-model-stream-error',
]

interface DecodedLine {
  headers: Record<string, string>
  payload: unknown
}

function expectedFrames(name: string): DecodedLine[] {
  return fixtureText('bedrock', `${name}.decoded.jsonl`)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DecodedLine)
}

function assertMatchesDecoded(frames: Frame[], expected: DecodedLine[]): void {
  assert.equal(frames.length, expected.length)
  frames.forEach((frame, i) => {
    const { headers, payload } = expected[i]
    if (headers[':message-type'] === 'exception') {
      assert.equal(frame.event, 'exception')
      assert.equal(frame.exceptionType, headers[':exception-type'])
    } else {
      assert.equal(frame.event, headers[':event-type'])
      assert.equal(frame.exceptionType, undefined)
    }
    assert.deepEqual(JSON.parse(frame.data), payload)
  })
}

function sameFrames(a: Frame[], b: Frame[]): boolean {
  if (a.length !== b.length) return false
  return a.every((f, i) => f.event === b[i].event && f.exceptionType === b[i].exceptionType && f.data === b[i].data && Object.keys(f).length === Object.keys(b[i]).length)
}

for (const name of STREAMS) {
  test(`${name}: frames match the decoded transcript`, async () => {
    const frames = await collect(decodeAwsEventStream(chunksOf(fixtureBytes('bedrock', `${name}.eventstream`))))
    assertMatchesDecoded(frames, expectedFrames(name))
  })

  test(`${name}: identical frames at every byte split`, async () => {
    const bytes = fixtureBytes('bedrock', `${name}.eventstream`)
    const whole = await collect(decodeAwsEventStream(chunksOf(bytes)))
    const splits = bytes.length < 8192 ? everySplit(bytes) : [...aroundBoundaries(bytes), everySplit(bytes).at(-1)!]
    for (const chunks of splits) {
      const frames = await collect(decodeAwsEventStream(chunksOf(...chunks)))
      // Field-by-field rather than deepEqual: ~20k splits of a 100-frame stream add up.
      if (!sameFrames(frames, whole)) {
        assert.deepEqual(frames, whole, `split into ${chunks.length} chunks at ${chunks[0].byteLength}`)
      }
    }
  })
}

/** Offsets where each message starts (its first 4 bytes are its total length). */
function messageStarts(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const starts: number[] = []
  for (let at = 0; at < bytes.length; at += view.getUint32(at)) starts.push(at)
  return starts
}

/** Cuts in two at every message boundary and the bytes around it (prelude, headers, CRC). */
function aroundBoundaries(bytes: Uint8Array): Uint8Array[][] {
  return messageStarts(bytes)
    .flatMap((at) => [-4, -1, 0, 1, 2, 4, 8, 12, 13].map((d) => at + d))
    .filter((at) => at > 0 && at < bytes.length)
    .map((at) => cutAt(bytes, [at]))
}

describe(`AWS event-stream decoder fuzz (seed ${seed})`, () => {
  const recordings = STREAMS.map((name) => fixtureBytes('bedrock', `${name}.eventstream`))

  test('random cuts of every recording give the frames of the whole', async () => {
    const wholes = await Promise.all(recordings.map((bytes) => decodeAll(decodeAwsEventStream, [bytes])))
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: recordings.length - 1 }), fc.array(fc.nat({ max: 20_000 }), { maxLength: 60 }), async (i, cuts) => {
        const bytes = recordings[i]!
        const got = await decodeAll(decodeAwsEventStream, cutAt(bytes, cuts.map((c) => Math.floor((c / 20_000) * bytes.length))))
        assert.deepEqual(got, wholes[i])
      }),
      { seed, numRuns: 200 },
    )
  })

  test('random bytes: frames or an upstream_error, never another throw or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat({ max: 600 }), { maxLength: 10 }), async (bytes, cuts) => {
        const got = await decodeAll(decodeAwsEventStream, cutAt(bytes, cuts))
        if (bytes.length > 0) assert.equal(got.error?.kind, 'upstream_error')
        assert.deepEqual(await decodeAll(decodeAwsEventStream, [bytes]), got)
      }),
      { seed, numRuns: 500 },
    )
  })

  test('a recording with bytes flipped: the frames before the damage, then an upstream_error', async () => {
    const wholes = await Promise.all(recordings.map((bytes) => collect(decodeAwsEventStream(chunksOf(bytes)))))
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: recordings.length - 1 }), fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }), async (i, flips) => {
        const bytes = Buffer.from(recordings[i]!)
        for (const f of flips) bytes[f.at % bytes.length] ^= f.xor
        const firstDamaged = Math.min(...flips.map((f) => f.at % bytes.length))
        const intact = messageStarts(recordings[i]!).filter((start) => start <= firstDamaged).length - 1
        const got = await decodeAll(decodeAwsEventStream, [bytes])
        assert.equal(got.error?.kind, 'upstream_error')
        assert.deepEqual(got.frames, wholes[i]!.slice(0, intact))
      }),
      { seed, numRuns: 300 },
    )
  })
})

test('the exception frame carries the recorded message', async () => {
  const frames = await collect(
    decodeAwsEventStream(chunksOf(fixtureBytes('bedrock', 'converse-stream-model-stream-error.eventstream'))),
  )
  const last = frames[frames.length - 1]
  assert.deepEqual(last, {
    event: 'exception',
    exceptionType: 'modelStreamErrorException',
    data: last.data,
  })
  assert.equal(
    (JSON.parse(last.data) as { message: string }).message,
    'Model produced invalid sequence as part of ToolUse. Please refer to the model tool use troubleshooting guide.',
  )
})

test('several streams in one chunk decode back to back', async () => {
  const a = fixtureBytes('bedrock', 'converse-stream-text.eventstream')
  const b = fixtureBytes('bedrock', 'converse-stream-tool-use.eventstream')
  const frames = await collect(decodeAwsEventStream(chunksOf(Buffer.concat([a, b]))))
  assert.equal(frames.length, expectedFrames('converse-stream-text').length + expectedFrames('converse-stream-tool-use').length)
})

test('empty chunks are ignored', async () => {
  const bytes = fixtureBytes('bedrock', 'converse-stream-text.eventstream')
  const frames = await collect(decodeAwsEventStream(chunksOf(new Uint8Array(0), bytes.subarray(0, 30), new Uint8Array(0), bytes.subarray(30))))
  assertMatchesDecoded(frames, expectedFrames('converse-stream-text'))
})

async function decodeError(bytes: Uint8Array): Promise<GatewayError> {
  try {
    await collect(decodeAwsEventStream(chunksOf(bytes)))
  } catch (err) {
    assert.ok(err instanceof GatewayError)
    return err
  }
  assert.fail('expected the decoder to throw')
}

test('a truncated final message is an upstream_error', async () => {
  const bytes = fixtureBytes('bedrock', 'converse-stream-text.eventstream')
  const err = await decodeError(bytes.subarray(0, bytes.length - 10))
  assert.equal(err.kind, 'upstream_error')
  assert.equal(err.status, 502)
  assert.match(err.message, /ended in the middle of a message/)
})

test('a few stray bytes at the end are an upstream_error', async () => {
  const bytes = fixtureBytes('bedrock', 'converse-stream-text.eventstream')
  const err = await decodeError(Buffer.concat([bytes, Buffer.from([0, 0])]))
  assert.equal(err.kind, 'upstream_error')
  assert.match(err.message, /2 stray bytes/)
})

test('frames decoded before a truncation are still delivered', async () => {
  const bytes = fixtureBytes('bedrock', 'converse-stream-text.eventstream')
  const seen: Frame[] = []
  await assert.rejects(async () => {
    for await (const frame of decodeAwsEventStream(chunksOf(bytes.subarray(0, bytes.length - 10)))) seen.push(frame)
  }, GatewayError)
  assert.equal(seen.length, expectedFrames('converse-stream-text').length - 1)
})

test('a CRC mismatch is an upstream_error', async () => {
  const bytes = Buffer.from(fixtureBytes('bedrock', 'converse-stream-text.eventstream'))
  bytes[200] ^= 0xff
  const err = await decodeError(bytes)
  assert.equal(err.kind, 'upstream_error')
  assert.match(err.message, /corrupt/)
})

test('an impossible length prefix is an upstream_error', async () => {
  const err = await decodeError(Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0]))
  assert.equal(err.kind, 'upstream_error')
  assert.match(err.message, /claims 4294967295 bytes/)
})
