import type { Usage } from '../canonical/chat.js'

/** One unit of SSE text on its way to the client. */
export interface StreamPiece {
  sse: string
  /**
   * Carries content, a tool call or the finish: once a piece like this has been produced the
   * answer is committed to this deployment (no retry or fallback after it).
   */
  commits: boolean
  /** Carries generated content (text, reasoning, refusal or tool-call data). */
  token: boolean
  /** The closing piece: the answer is complete once it is sent. */
  final?: true
}

/** What a stream pipeline learns on the way, for metrics and logs. */
export interface StreamTally {
  usage?: Usage
  /** Pieces that carried tokens: the completion-token estimate when the upstream reports no usage. */
  tokenPieces: number
  /** How the stream ended, in the provider's words when it had its own (`end_turn`, `completed`). */
  finish?: string
}

export function newTally(): StreamTally {
  return { tokenPieces: 0 }
}
