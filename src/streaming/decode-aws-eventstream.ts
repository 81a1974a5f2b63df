import { GatewayError } from '../errors/gateway-error.js'
import type { Frame } from './frame.js'

/** Placeholder until the Bedrock work lands: AWS event-stream → frames (@smithy/eventstream-codec). */
export async function* decodeAwsEventStream(_body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame> {
  throw new GatewayError('internal', 'AWS event-stream decoding is not implemented yet')
}
