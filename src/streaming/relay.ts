import { GatewayError } from '../errors/gateway-error.js'
import type { Frame } from './frame.js'
import type { StreamPiece, StreamTally } from './stream-piece.js'

/** What the tap made of one relayed frame. */
export interface TappedFrame {
  /** The text to relay for it ('' drops it). */
  sse: string
  /** It carried generated content (text, reasoning, a tool call). */
  token: boolean
  /** After it, the answer is committed to this deployment (content, or the finish). */
  commits: boolean
}

/**
 * One protocol's reading of a stream the gateway relays rather than translates: built on the
 * protocol's one reader (the same one its provider's parser uses), it keeps the tally (usage,
 * finish, token pieces) and says what to relay.
 */
export interface StreamTap {
  /** Reads one frame; throws the GatewayError of an in-stream error. */
  frame(frame: Frame, tally: StreamTally): TappedFrame
  /** At the end of the body: the closing text to relay; throws when the stream ended unfinished. */
  end(tally: StreamTally): string
  /** The protocol's end marker was seen: later frames are read (so the connection can be reused) and ignored. */
  readonly done: boolean
  /** A failure after commit in this stream's own terms (see EventEncoder.error); absent: the door's streamError. */
  error?(error: GatewayError): string
}

/**
 * The relay: frames pass through as the tap says, one piece per upstream read (a batch of
 * frames), so a read costs one write to the client. What came before a failure in the same read
 * still reaches the client once the answer is committed.
 */
export async function* relayStream(batches: AsyncIterable<Frame[]>, tap: StreamTap, tally: StreamTally): AsyncGenerator<StreamPiece> {
  let committed = false
  for await (const batch of batches) {
    // After the end marker the body is read to its end, not abandoned: an abandoned undici body
    // closes its connection (no reuse) and costs an AbortError with a stack.
    if (tap.done) continue
    let sse = ''
    let token = false
    try {
      for (const frame of batch) {
        const tapped = tap.frame(frame, tally)
        sse += tapped.sse
        token ||= tapped.token
        committed ||= tapped.commits
        if (tap.done) break
      }
    } catch (err) {
      if (sse !== '' && committed) yield { sse, commits: true, token }
      throw err
    }
    if (sse !== '') yield { sse, commits: committed, token }
  }
  yield { sse: tap.end(tally), commits: true, token: false, final: true }
}

/** A frame as SSE text again: its `event:` line, then each data line (a multi-line payload stays multi-line). */
export function frameText(frame: Frame): string {
  const data = frame.data.includes('\n') ? frame.data.split('\n').map((line) => `data: ${line}\n`).join('') : `data: ${frame.data}\n`
  return frame.event === undefined ? `${data}\n` : `event: ${frame.event}\n${data}\n`
}

/** The error for an upstream stream that ended before its protocol's end. */
export function endedEarly(provider: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${provider}' ended the stream before it finished.`, { provider })
}
