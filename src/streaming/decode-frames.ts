import type { Frame, Framing } from './frame.js'
import { decodeSse } from './decode-sse.js'
import { decodeNdjson } from './decode-ndjson.js'
import type { DecodeOptions } from './upstream-limits.js'

/** Picks the decoder for an upstream's framing; each bounds an event by `options.maxEventBytes`. */
export function decodeFrames(framing: Framing, body: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): AsyncIterable<Frame> {
  switch (framing) {
    case 'sse':
      return decodeSse(body, options)
    case 'ndjson':
      return decodeNdjson(body, options)
    case 'aws-eventstream':
      return decodeAwsEventStreamOnDemand(body, options)
  }
}

/** Bedrock's decoder and @smithy's codec load with the first Bedrock stream, not at start-up (~30 ms). */
async function* decodeAwsEventStreamOnDemand(body: AsyncIterable<Uint8Array>, options: DecodeOptions): AsyncGenerator<Frame> {
  const { decodeAwsEventStream } = await import('./decode-aws-eventstream.js')
  yield* decodeAwsEventStream(body, options)
}
