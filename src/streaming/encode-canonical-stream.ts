import { assertNever, type ChatEvent } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { StreamPiece, StreamTally } from './stream-piece.js'

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
  const onEvent = tally.onEvent
  for await (const event of events) {
    onEvent?.(event)
    let commits = false
    let token = false
    switch (event.type) {
      case 'error':
        throw event.error
      case 'start':
        if (event.upstreamModel !== undefined) tally.upstreamModel = event.upstreamModel
        break
      case 'usage':
        tally.usage = event.usage
        break
      case 'finish':
        finished = true
        commits = true
        tally.finish = event.reason
        break
      case 'text':
      case 'reasoning':
      case 'refusal':
        token = event.delta !== ''
        commits = token
        break
      case 'tool-call-start':
      case 'tool-call-delta':
        token = true
        commits = true
        break
      case 'reasoning-done':
        break
      default:
        assertNever(event)
    }
    if (token) tally.tokenPieces++
    const sse = encoder.encode(event)
    if (sse !== '') yield { sse, commits, token }
  }
  if (!finished) throw new GatewayError('upstream_error', `Provider '${provider}' ended the stream before it finished.`, { provider })
  yield { sse: encoder.end(), commits: true, token: false, final: true }
}
