import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser'
import type { Frame } from './frame.js'

/**
 * Bytes → SSE frames. Handles events split across chunks at any byte (UTF-8 included),
 * `\n`, `\r\n` and `\r` line endings, comments (`: keep-alive`, dropped) and multi-line data.
 *
 * A line that is not SSE at all (Gemini can send a bare `{"error":…}` mid-stream) becomes a
 * frame with `event: 'unparsed'` and the line as data, so the provider can still read it.
 * At the end of the body a pending event is dispatched even without its blank line, marked
 * `partial`; a truncated payload then fails JSON parsing, which is reported as an upstream error.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame> {
  for await (const batch of decodeSseBatches(body)) yield* batch
}

/**
 * The same frames, one array per upstream read: the relay fast path handles a whole read in
 * one step (one write to the client) instead of one async step per event.
 */
export async function* decodeSseBatches(body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame[]> {
  const decoder = new TextDecoder()
  let pending: Frame[] = []
  let ended = false
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
    parser.feed(decoder.decode(chunk, { stream: true }))
    if (pending.length > 0) {
      const ready = pending
      pending = []
      yield ready
    }
  }
  parser.feed(decoder.decode())
  ended = true
  parser.feed('\n\n')
  if (pending.length > 0) yield pending
}
