import type { Usage } from '../canonical/chat.js'
import type { GatewayError } from '../errors/gateway-error.js'
import type { StreamPiece, StreamTally } from '../streaming/stream-piece.js'

/**
 * A committed answer from one attempt, in the front door's wire format: a whole JSON body, or
 * a stream whose first pieces (up to and including the committing one) are already read.
 */
export type Answer = JsonAnswer | StreamAnswer

/** What checking the answer's tool calls or structured output found (src/routing/attempt-checked.ts), for the log line. */
export interface CheckNote {
  /** The failures of the answer that went out (tool_validation: annotate); a stream's are known at its end. */
  failures?: string
  /** Times the answer was asked for again. */
  retries?: number
}

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
  checked?: CheckNote
}

export interface StreamAnswer {
  kind: 'stream'
  head: StreamPiece[]
  rest: AsyncIterator<StreamPiece>
  tally: StreamTally
  /** How this stream reports a failure after commit, when it has its own way (else the door's). */
  streamError?: (error: GatewayError) => string
  checked?: CheckNote
}
