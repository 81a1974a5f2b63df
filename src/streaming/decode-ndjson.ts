import type { Frame } from './frame.js'
import { DEFAULT_UPSTREAM_LIMITS, upstreamTooLarge, type DecodeOptions } from './upstream-limits.js'

const NEWLINE = 0x0a

/**
 * Bytes → one frame per non-empty line (Ollama's `application/x-ndjson`). A line longer than
 * `maxEventBytes` fails the stream (counted in bytes, before any of it is decoded).
 */
export async function* decodeNdjson(body: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): AsyncGenerator<Frame> {
  const max = options.maxEventBytes ?? DEFAULT_UPSTREAM_LIMITS.maxEventBytes
  const decoder = new TextDecoder()
  let buffered = ''
  let lineBytes = 0
  for await (const chunk of body) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const first = bytes.indexOf(NEWLINE)
    // The line in progress ends in this chunk (its length is then known), or goes on.
    if (first === -1) lineBytes += chunk.byteLength
    else if (lineBytes + first > max) lineBytes += first
    else lineBytes = chunk.byteLength - bytes.lastIndexOf(NEWLINE) - 1
    if (lineBytes > max) throw upstreamTooLarge('maxEventBytes', max, options.provider)
    buffered += decoder.decode(chunk, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim()
      buffered = buffered.slice(newline + 1)
      if (line !== '') yield { data: line }
      newline = buffered.indexOf('\n')
    }
  }
  const rest = (buffered + decoder.decode()).trim()
  if (rest !== '') yield { data: rest }
}
