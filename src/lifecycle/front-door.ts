import type { GatewayError } from '../errors/gateway-error.js'

/** An error as a protocol's HTTP answer. */
export interface ErrorAnswer {
  status: number
  body: string
  /** Besides `content-type: application/json` and `retry-after`, which the lifecycle sets. */
  headers?: Readonly<Record<string, string>>
}

/**
 * What the lifecycle needs from a front door besides the request itself: its metric label and
 * how its protocol says that something failed. A front door knows one protocol and names no
 * provider; everything else (keys, limits, routing, metrics, logs) is the lifecycle's.
 */
export interface FrontDoor {
  /** The `endpoint` label of the door's metrics and log lines (chat, completions, embeddings, messages, responses, …). */
  readonly endpoint: string
  /** An error before the answer started, in this protocol's shape. */
  renderError(error: GatewayError): ErrorAnswer
  /** An error inside a stream that already started, in this protocol's shape. */
  streamError(error: GatewayError): string
  /** What a slow stream sends while it waits for its first token (an SSE comment unless the protocol has its own). */
  readonly keepAlive?: string
}
