import type { Frame, Framing } from './frame.js'
import { decodeSse } from './decode-sse.js'
import { decodeNdjson } from './decode-ndjson.js'
import { decodeAwsEventStream } from './decode-aws-eventstream.js'

/** Picks the decoder for an upstream's framing. */
export function decodeFrames(framing: Framing, body: AsyncIterable<Uint8Array>): AsyncIterable<Frame> {
  switch (framing) {
    case 'sse':
      return decodeSse(body)
    case 'ndjson':
      return decodeNdjson(body)
    case 'aws-eventstream':
      return decodeAwsEventStream(body)
  }
}
