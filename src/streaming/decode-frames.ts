import type { Frame, Framing } from './frame.js'
import { decodeSse } from './decode-sse.js'
import { decodeNdjson } from './decode-ndjson.js'

/** Picks the decoder for an upstream's framing. */
export function decodeFrames(framing: Framing, body: AsyncIterable<Uint8Array>): AsyncIterable<Frame> {
  switch (framing) {
    case 'sse':
      return decodeSse(body)
    case 'ndjson':
      return decodeNdjson(body)
    case 'aws-eventstream':
      return decodeAwsEventStreamOnDemand(body)
  }
}

/** Bedrock's decoder and @smithy's codec load with the first Bedrock stream, not at start-up (~30 ms). */
async function* decodeAwsEventStreamOnDemand(body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame> {
  const { decodeAwsEventStream } = await import('./decode-aws-eventstream.js')
  yield* decodeAwsEventStream(body)
}
