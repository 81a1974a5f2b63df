import type { ChatEvent } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { StreamPiece, StreamTally } from './stream-piece.js'
import { tallyEvent } from './tally-events.js'

/** Encodes canonical events to SSE text (chat chunks or legacy completion chunks). */
export interface EventEncoder {
  encode(event: Exclude<ChatEvent, { type: 'error' }>): string
  end(): string
  /**
   * A failure after the stream was committed, in this stream's own terms (a protocol whose
   * events are numbered continues the numbering); absent: the front door's streamError.
   */
  error?(error: GatewayError): string
}

/**
 * Canonical events → SSE pieces, for providers that need translation. An `error` event is
 * thrown as its GatewayError: before the first committing piece the executor may retry it,
 * after it the HTTP layer writes one error line and closes.
 */
export async function* encodeCanonicalStream(
  events: AsyncIterable<ChatEvent>,
  encoder: EventEncoder,
  tally: StreamTally,
  provider: string,
): AsyncGenerator<StreamPiece> {
  let finished = false
  for await (const event of events) {
    if (event.type === 'error') throw event.error
    const token = tallyEvent(event, tally)
    if (token) tally.tokenPieces++
    finished ||= event.type === 'finish'
    const sse = encoder.encode(event)
    if (sse !== '') yield { sse, commits: token || event.type === 'finish', token }
  }
  if (!finished) throw new GatewayError('upstream_error', `Provider '${provider}' ended the stream before it finished.`, { provider })
  yield { sse: encoder.end(), commits: true, token: false, final: true }
}
