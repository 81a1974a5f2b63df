import { EventStreamCodec } from '@smithy/eventstream-codec'
import { fromUtf8, toUtf8 } from '@smithy/util-utf8'
import { GatewayError } from '../errors/gateway-error.js'
import type { Frame } from './frame.js'
import { DEFAULT_UPSTREAM_LIMITS, upstreamTooLarge, type DecodeOptions } from './upstream-limits.js'

/**
 * Bytes → frames for `application/vnd.amazon.eventstream` (Bedrock ConverseStream).
 *
 * Each message starts with its own total length (u32, big-endian), so messages are cut by
 * that length, never by chunk: one chunk may hold several messages or a few bytes of one.
 * The CRCs and the header block are checked and parsed by @smithy's EventStreamCodec.
 *
 * Frames: `event` is the `:event-type` header and `data` the payload as UTF-8 text. An
 * `exception` message becomes `{event: 'exception', exceptionType: <:exception-type>}`. A
 * protocol-level `error` message (`:error-code` / `:error-message` headers, no payload) is
 * reported the same way, with the error code as `exceptionType` and `{"message": …}` as data,
 * so a provider needs only one path for in-stream failures.
 */

const PRELUDE_BYTES = 12
const MIN_MESSAGE_BYTES = 16

/** A message may not claim more than `maxEventBytes`: a length prefix must not make us buffer without limit. */
export async function* decodeAwsEventStream(body: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): AsyncGenerator<Frame> {
  const max = options.maxEventBytes ?? DEFAULT_UPSTREAM_LIMITS.maxEventBytes
  const codec = new EventStreamCodec(toUtf8, fromUtf8)
  const buffer = createByteQueue()
  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue
    buffer.push(chunk)
    for (;;) {
      const message = nextMessage(buffer, max, options.provider)
      if (message === undefined) break
      yield toFrame(codec, message)
    }
  }
  if (buffer.size() > 0) {
    const expected = buffer.size() >= 4 ? buffer.peekUint32() : undefined
    throw new GatewayError(
      'upstream_error',
      expected === undefined
        ? `The upstream event stream ended in the middle of a message (${buffer.size()} stray bytes).`
        : `The upstream event stream ended in the middle of a message (${buffer.size()} of ${expected} bytes).`,
    )
  }
}

/** Cuts the next whole message off the queue, or returns undefined when it has not all arrived. */
function nextMessage(buffer: ByteQueue, max: number, provider: string | undefined): Uint8Array | undefined {
  if (buffer.size() < PRELUDE_BYTES) return undefined
  const total = buffer.peekUint32()
  if (total < MIN_MESSAGE_BYTES) {
    throw new GatewayError('upstream_error', `The upstream event stream is corrupt: a message claims ${total} bytes.`)
  }
  // Refused when announced, before any of it is buffered.
  if (total > max) throw upstreamTooLarge('maxEventBytes', max, provider, `a message claims ${total} bytes`)
  if (buffer.size() < total) return undefined
  return buffer.take(total)
}

function toFrame(codec: EventStreamCodec, bytes: Uint8Array): Frame {
  let headers: Record<string, { type: string; value: unknown }>
  let payload: Uint8Array
  try {
    const message = codec.decode(bytes)
    headers = message.headers
    payload = message.body
  } catch (err) {
    // Checksum mismatches and malformed header blocks land here.
    throw new GatewayError('upstream_error', 'The upstream event stream is corrupt (checksum or header check failed).', {
      cause: err,
    })
  }
  const text = (name: string): string | undefined => {
    const header = headers[name]
    return header !== undefined && header.type === 'string' && typeof header.value === 'string' ? header.value : undefined
  }
  const data = toUtf8(payload)
  const messageType = text(':message-type') ?? 'event'
  switch (messageType) {
    case 'exception':
      return { event: 'exception', data, exceptionType: text(':exception-type') ?? 'unknownException' }
    case 'error':
      return {
        event: 'exception',
        data: JSON.stringify({ message: text(':error-message') ?? 'The upstream reported an event-stream error.' }),
        exceptionType: text(':error-code') ?? 'unknownError',
      }
    default: {
      const event = text(':event-type')
      return event === undefined ? { data } : { event, data }
    }
  }
}

interface ByteQueue {
  push(chunk: Uint8Array): void
  size(): number
  /** The big-endian u32 at the head; the caller ensures at least 4 bytes are queued. */
  peekUint32(): number
  /** Removes and returns the first `n` bytes; the caller ensures they are queued. */
  take(n: number): Uint8Array
}

/**
 * A FIFO of chunks. Taking a message that lies inside one chunk returns a view (no copy);
 * one that spans chunks is copied once into a buffer of exactly its size. Every byte is
 * copied at most once, so the work stays linear however the body is split.
 */
function createByteQueue(): ByteQueue {
  return new ChunkQueue()
}

class ChunkQueue implements ByteQueue {
  private chunks: Uint8Array[] = []
  /** The head chunk's index, and how far into it the queue starts. */
  private first = 0
  private offset = 0
  private queued = 0

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk)
    this.queued += chunk.byteLength
  }

  size(): number {
    return this.queued
  }

  peekUint32(): number {
    const head = this.chunks[this.first]
    if (head.byteLength - this.offset >= 4) return new DataView(head.buffer, head.byteOffset + this.offset, 4).getUint32(0, false)
    return ((this.byteAt(0) << 24) | (this.byteAt(1) << 16) | (this.byteAt(2) << 8) | this.byteAt(3)) >>> 0
  }

  take(n: number): Uint8Array {
    const head = this.chunks[this.first]
    let out: Uint8Array
    if (head.byteLength - this.offset >= n) {
      out = head.subarray(this.offset, this.offset + n)
      this.offset += n
    } else {
      out = this.copyOut(n)
    }
    if (this.first < this.chunks.length && this.offset === this.chunks[this.first].byteLength) this.advance()
    this.queued -= n
    this.compact()
    return out
  }

  private byteAt(index: number): number {
    let i = this.first
    let pos = this.offset + index
    while (pos >= this.chunks[i].byteLength) {
      pos -= this.chunks[i].byteLength
      i++
    }
    return this.chunks[i][pos]
  }

  /** The next `n` bytes, spanning chunks, copied once into a buffer of exactly that size. */
  private copyOut(n: number): Uint8Array {
    const out = new Uint8Array(n)
    let written = 0
    while (written < n) {
      const current = this.chunks[this.first]
      const count = Math.min(current.byteLength - this.offset, n - written)
      out.set(current.subarray(this.offset, this.offset + count), written)
      written += count
      this.offset += count
      if (this.offset === current.byteLength) this.advance()
    }
    return out
  }

  private advance(): void {
    this.first++
    this.offset = 0
  }

  /** Drops consumed chunks: all of them once empty, else in bulk once they are most of the list. */
  private compact(): void {
    if (this.first === this.chunks.length) {
      this.chunks = []
      this.first = 0
    } else if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first)
      this.first = 0
    }
  }
}
