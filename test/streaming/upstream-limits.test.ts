/**
 * Every reader of upstream bytes is bounded: the SSE, NDJSON and AWS event-stream decoders per
 * event, the JSON body reader per body, the error body reader by truncation. Past a bound the
 * read stops there (the rest of the body is never pulled: the connection is dropped) and the
 * attempt fails as an upstream_error naming the bound and its config key. Below the bounds,
 * any number of events of any total size passes, whatever the line endings and chunking.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { readBytes, readJson, readPrefix } from '../../src/routing/send.js'
import { decodeAwsEventStream } from '../../src/streaming/decode-aws-eventstream.js'
import { decodeFrames } from '../../src/streaming/decode-frames.js'
import { decodeNdjson } from '../../src/streaming/decode-ndjson.js'
import { decodeSse, decodeSseBatches } from '../../src/streaming/decode-sse.js'
import type { Frame } from '../../src/streaming/frame.js'
import { DEFAULT_UPSTREAM_LIMITS } from '../../src/streaming/upstream-limits.js'
import type { UpstreamResponse } from '../../src/upstream/client.js'

const KIB = 1024
const MIB = 1024 * KIB

/** A body of `total` bytes of `fill` in `size`-byte chunks, which records how far it was read and whether it was abandoned. */
function body(total: number, size: number, fill = 'x', head = '') {
  const state = { pulled: 0, returned: false }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      if (head !== '') {
        state.pulled += head.length
        yield Buffer.from(head)
      }
      const piece = Buffer.alloc(size, fill)
      for (let sent = 0; sent < total; sent += size) {
        state.pulled += size
        yield piece.subarray(0, Math.min(size, total - sent))
      }
    } finally {
      state.returned = true
    }
  }
  return { chunks: chunks(), state }
}

async function* of(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  yield* each(parts)
}

async function* each(parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

function tooLarge(key: string, size: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof GatewayError, String(err))
    assert.equal(err.kind, 'upstream_error')
    assert.equal(err.status, 502)
    assert.equal(err.code, 'upstream_too_large')
    assert.match(err.message, new RegExp(`larger than the gateway's limit of ${size} \\(${key.replace(/\./g, '\\.')}\\)`))
    return true
  }
}

describe('SSE decoder', () => {
  it('a 50 MB line fails at the bound without reading the rest, naming the config key', async () => {
    const { chunks, state } = body(50 * MIB, 64 * KIB, 'x', 'data: ')
    await assert.rejects(drain(decodeSse(chunks, { maxEventBytes: MIB, provider: 'up' })), tooLarge('server.upstream_limits.max_event_bytes', '1 MiB'))
    assert.ok(state.pulled <= MIB + 128 * KIB, `${state.pulled} bytes read`)
    assert.ok(state.returned, 'the body was abandoned (its connection dropped)')
  })

  it('the default bound is 16 MiB', async () => {
    const { chunks, state } = body(50 * MIB, 256 * KIB, 'x', 'data: ')
    await assert.rejects(drain(decodeSseBatches(chunks)), tooLarge('server.upstream_limits.max_event_bytes', '16 MiB'))
    assert.ok(state.pulled <= DEFAULT_UPSTREAM_LIMITS.maxEventBytes + 256 * KIB)
  })

  it('an event of many data lines counts whole', async () => {
    const line = `data: ${'y'.repeat(1000)}\n`
    const { chunks } = body(4 * MIB, 50 * line.length, '', '')
    const lines = (async function* () {
      for await (const _ of chunks) yield Buffer.from(line.repeat(50))
    })()
    await assert.rejects(drain(decodeSse(lines, { maxEventBytes: MIB })), tooLarge('server.upstream_limits.max_event_bytes', '1 MiB'))
  })

  it('many events, comments and line endings of every kind pass however large the stream, however it is cut', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const event = `event: delta${eol}data: ${'z'.repeat(900)}${eol}${eol}: keep-alive${eol}${eol}`
      const stream = Buffer.from(event.repeat(3000))
      for (const size of [7, 1000, 4096, 65536]) {
        const parts: Uint8Array[] = []
        for (let i = 0; i < stream.length; i += size) parts.push(stream.subarray(i, i + size))
        const frames = await drain(decodeSse(each(parts), { maxEventBytes: 8 * KIB }))
        assert.equal(frames.length, 3000, `${JSON.stringify(eol)} in ${size}-byte chunks`)
      }
    }
  })

  it('a stream of comments only, far past the bound in total, passes', async () => {
    const comments = Buffer.from(': ping\n\n'.repeat(200_000))
    assert.deepEqual(await drain(decodeSse(of(comments.subarray(0, 800_000), comments.subarray(800_000)), { maxEventBytes: 64 * KIB })), [])
  })

  it('an event just under the bound passes; one byte more fails', async () => {
    const payload = (n: number) => `data: ${'a'.repeat(n - 'data: '.length - 2)}\n\n`
    const [frame] = await drain(decodeSse(of(payload(64 * KIB)), { maxEventBytes: 64 * KIB }))
    assert.equal((frame as Frame).data.length, 64 * KIB - 8)
    const big = payload(64 * KIB + 4)
    await assert.rejects(drain(decodeSse(of(big.slice(0, 40_000), big.slice(40_000)), { maxEventBytes: 64 * KIB })), GatewayError)
  })
})

describe('NDJSON decoder', () => {
  it('a 50 MB line fails at the bound without reading the rest', async () => {
    const { chunks, state } = body(50 * MIB, 64 * KIB, 'x', '{"a":"')
    await assert.rejects(drain(decodeNdjson(chunks, { maxEventBytes: MIB })), tooLarge('server.upstream_limits.max_event_bytes', '1 MiB'))
    assert.ok(state.pulled <= MIB + 128 * KIB)
    assert.ok(state.returned)
  })

  it('a line that ends inside the chunk that passes the bound still fails', async () => {
    await assert.rejects(drain(decodeNdjson(of('x'.repeat(900), `${'x'.repeat(200)}\n{}\n`), { maxEventBytes: 1000 })), GatewayError)
  })

  it('many lines pass however large the stream', async () => {
    const line = `{"message":{"content":"${'c'.repeat(500)}"}}\n`
    const frames = await drain(decodeFrames('ndjson', of(...Array.from({ length: 400 }, () => line.repeat(10))), { maxEventBytes: 2 * KIB }))
    assert.equal(frames.length, 4000)
  })
})

describe('AWS event-stream decoder', () => {
  it('a message announcing more than the bound is refused before it is buffered', async () => {
    const prelude = Buffer.alloc(12)
    prelude.writeUInt32BE(2 * MIB, 0)
    await assert.rejects(drain(decodeAwsEventStream(of(prelude), { maxEventBytes: MIB })), (err: unknown) => {
      tooLarge('server.upstream_limits.max_event_bytes', '1 MiB')(err)
      assert.match((err as Error).message, /claims 2097152 bytes/)
      return true
    })
  })
})

describe('body readers', () => {
  const response = (chunks: AsyncIterable<Uint8Array>) => {
    const state = { discarded: false }
    const res: UpstreamResponse = { status: 200, headers: {}, body: chunks, discard: () => (state.discarded = true) }
    return { res, state }
  }

  it('readBytes / readJson: a 50 MB body fails at the bound, dropping the connection', async () => {
    const { chunks, state } = body(50 * MIB, 64 * KIB, ' ', '{"a":1}')
    const { res, state: r } = response(chunks)
    await assert.rejects(readJson(res, 'up', MIB), (err: unknown) => {
      tooLarge('server.upstream_limits.max_body_bytes', '1 MiB')(err)
      assert.match((err as Error).message, /^Provider 'up' sent a response body/)
      return true
    })
    assert.ok(r.discarded, 'the connection was dropped')
    assert.ok(state.pulled <= MIB + 64 * KIB)
  })

  it('readBytes: the default bound is 16 MiB; a body at the bound is read whole', async () => {
    const { res } = response(body(DEFAULT_UPSTREAM_LIMITS.maxBodyBytes + 1, MIB).chunks)
    await assert.rejects(readBytes(res), tooLarge('server.upstream_limits.max_body_bytes', '16 MiB'))
    const exact = response(body(2 * MIB, 100 * KIB).chunks)
    assert.equal((await readBytes(exact.res, { maxBytes: 2 * MIB })).length, 2 * MIB)
  })

  it('readPrefix: an error body is cut at its bound, the rest dropped unread', async () => {
    const { chunks, state } = body(50 * MIB, 64 * KIB)
    const { res, state: r } = response(chunks)
    assert.equal((await readPrefix(res, 64 * KIB + 10)).length, 64 * KIB + 10)
    assert.ok(r.discarded)
    assert.ok(state.pulled <= 192 * KIB)
  })
})
