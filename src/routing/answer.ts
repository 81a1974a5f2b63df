import type { Usage } from '../canonical/chat.js'
import type { GatewayError } from '../errors/gateway-error.js'
import type { StreamPiece, StreamTally } from '../streaming/stream-piece.js'

/**
 * A committed answer from one attempt, in the front door's wire format: a whole JSON body, or
 * a stream whose first pieces (up to and including the committing one) are already read.
 */
export type Answer = JsonAnswer | StreamAnswer

export interface JsonAnswer {
  kind: 'json'
  body: string | Uint8Array
  usage?: Usage
  /** Milliseconds the upstream took (for tokens per second). */
  upstreamMs?: number
  /** The answer's text, for `server.log_content`. */
  text?: string | null
  /** Headers the attempt adds to the answer (e.g. whether a token count is exact). */
  headers?: Readonly<Record<string, string>>
}

export interface StreamAnswer {
  kind: 'stream'
  head: StreamPiece[]
  rest: AsyncIterator<StreamPiece>
  tally: StreamTally
  /** How this stream reports a failure after commit, when it has its own way (else the door's). */
  streamError?: (error: GatewayError) => string
}
