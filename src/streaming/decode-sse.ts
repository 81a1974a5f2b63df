import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser'
import type { Frame } from './frame.js'
import { DEFAULT_UPSTREAM_LIMITS, upstreamTooLarge, type DecodeOptions } from './upstream-limits.js'

/**
 * Bytes → SSE frames. Handles events split across chunks at any byte (UTF-8 included),
 * `\n`, `\r\n` and `\r` line endings, comments (`: keep-alive`, dropped) and multi-line data.
 *
 * A line that is not SSE at all (Gemini can send a bare `{"error":…}` mid-stream) becomes a
 * frame with `event: 'unparsed'` and the line as data, so the provider can still read it.
 * At the end of the body a pending event is dispatched even without its blank line, marked
 * `partial`; a truncated payload then fails JSON parsing, which is reported as an upstream error.
 *
 * An event may not grow past `maxEventBytes`: the parser keeps an unterminated line and the
 * data lines of an unfinished event, so the bytes since the last event boundary are counted
 * here (see eventBytes) and the stream fails when they pass the bound.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): AsyncGenerator<Frame> {
  for await (const batch of decodeSseBatches(body, options)) yield* batch
}

/**
 * The same frames, one array per upstream read: the relay fast path handles a whole read in
 * one step (one write to the client) instead of one async step per event.
 */
export async function* decodeSseBatches(body: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): AsyncGenerator<Frame[]> {
  const max = options.maxEventBytes ?? DEFAULT_UPSTREAM_LIMITS.maxEventBytes
  const decoder = new TextDecoder()
  let pending: Frame[] = []
  let ended = false
  /** Bytes since the last blank line, and the last byte before this chunk (a blank line may straddle two). */
  let since = 0
  let lastByte = -1
  /**
   * CRs that ended a read, fed with the next one: eventsource-parser does not finish a line
   * whose CR ends one feed when the next feed starts with another line (its event then waits
   * for the end of the body), and a CR may yet be the first half of a CRLF.
   */
  let held = ''
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const frame: Frame = message.event === undefined ? { data: message.data } : { event: message.event, data: message.data }
      if (ended) frame.partial = true
      pending.push(frame)
    },
    onError(error: ParseError) {
      if (error.type === 'unknown-field' && error.line !== undefined && error.line.trim() !== '') {
        pending.push({ event: 'unparsed', data: error.line })
      }
    },
  })
  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue
    since = eventBytes(chunk, since, lastByte, max)
    if (since > max) throw upstreamTooLarge('maxEventBytes', max, options.provider)
    lastByte = chunk[chunk.byteLength - 1]!
    const text = held + decoder.decode(chunk, { stream: true })
    held = trailingCRs(text)
    parser.feed(held === '' ? text : text.slice(0, text.length - held.length))
    if (pending.length > 0) {
      const ready = pending
      pending = []
      yield ready
    }
  }
  // The body has ended: CRs held back were line ends of their own (an event ended by CR CR is
  // whole, not partial); an LF after them completes the last one without adding another.
  parser.feed(held + decoder.decode() + (held === '' ? '' : '\n'))
  ended = true
  parser.feed('\n\n')
  if (pending.length > 0) yield pending
}

const LF = 0x0a
const CR = 0x0d

/** The CRs a text ends with ('' when it ends with anything else). */
function trailingCRs(text: string): string {
  let i = text.length
  while (i > 0 && text.charCodeAt(i - 1) === CR) i--
  return text.slice(i)
}

/**
 * Bytes of the event in progress once `chunk` is read: `since` plus the chunk, or only what
 * follows its last blank line when it holds one (or more than `max`, when the event its first
 * blank line ends was larger than `max`). A blank line is two line
 * ends in a row, which in any mix of `\n`, `\r\n` and `\r` contains `\n\n`, `\n\r` or `\r\r`
 * (also across two chunks). The searches are native and, in an ordinary stream, stop within a
 * few bytes of either end of the chunk.
 */
function eventBytes(chunk: Uint8Array, since: number, lastByte: number, max: number): number {
  const n = chunk.byteLength
  // The usual chunk ends with the blank line of its last event: nothing pending, and every
  // event in it ended within `since + n <= max` bytes. No search.
  if (since + n <= max && n >= 2 && endsWithBlankLine(chunk)) return 0
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, n)
  const head = bytes[0]!
  const straddles = (lastByte === LF && (head === LF || head === CR)) || (lastByte === CR && head === CR)
  if (!straddles) {
    const first = firstBoundary(bytes)
    if (first === -1) return since + n
    // The event this blank line ends: what came before the chunk, and the chunk up to it.
    if (since + first > max) return since + first
  }
  const last = lastBoundary(bytes)
  return last === -1 ? n - 1 : n - last - 2
}

function endsWithBlankLine(chunk: Uint8Array): boolean {
  const a = chunk[chunk.byteLength - 2]
  const b = chunk[chunk.byteLength - 1]
  return (a === LF && b === LF) || (a === CR && b === CR) || (a === CR && b === LF && chunk[chunk.byteLength - 3] === LF) || (a === LF && b === CR)
}

function firstBoundary(bytes: Buffer): number {
  const lf = bytes.indexOf('\n\n')
  // A CR boundary can come first only before that `\n\n`: only that head is searched.
  const head = lf === -1 ? bytes : bytes.subarray(0, lf + 1)
  const found = [lf, head.indexOf('\n\r'), head.indexOf('\r\r')].filter((i) => i !== -1)
  return found.length === 0 ? -1 : Math.min(...found)
}

function lastBoundary(bytes: Buffer): number {
  const lf = bytes.lastIndexOf('\n\n')
  // Only a CR boundary after the last `\n\n` can be later: only that tail is searched.
  const tail = lf === -1 ? bytes : bytes.subarray(lf + 1)
  const cr = Math.max(tail.lastIndexOf('\n\r'), tail.lastIndexOf('\r\r'))
  return cr === -1 ? lf : bytes.byteLength - tail.byteLength + cr
}
