/**
 * A frame is one message cut from an upstream byte stream by a decoder in this folder:
 * an SSE event, an NDJSON line, or one AWS event-stream message. Providers see frames, never bytes.
 */
export interface Frame {
  /** SSE `event:` name, or the AWS `:event-type` header; absent for NDJSON and plain `data:` SSE. */
  event?: string
  /** The payload as text (SSE data lines joined by `\n`, an NDJSON line, an AWS message payload). */
  data: string
  /** AWS event-stream `:exception-type` when `:message-type` is `exception`. */
  exceptionType?: string
  /**
   * The body ended before this event's closing blank line: its data may be cut short. Relays
   * must parse it before passing it on.
   */
  partial?: true
}

/** How an upstream frames its streaming response body. */
export type Framing = 'sse' | 'ndjson' | 'aws-eventstream'
