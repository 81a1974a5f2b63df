import type { StreamPiece } from '../streaming/stream-piece.js'
import type { AnswerCollector } from '../validation/collect-answer.js'

/**
 * What a stream gate holds back until the answer is judged: nothing (annotate: the answer goes
 * out as it comes), everything from the first tool call on (text before it streams at once),
 * or everything (structured output: the content is the thing checked).
 */
export type HoldMode = 'none' | 'calls' | 'all'

export interface GateOptions {
  hold: HoldMode
  collector: AnswerCollector
  /** Judges the complete answer; throws when it must not go out (`committed`: the client has already seen part of it). */
  judge(committed: boolean): void
  /** The first token was held: the attempt's first-token deadline is met. */
  firstToken(): void
  /** Most SSE text held at once (the upstream body limit): past it the answer fails. */
  maxHeldChars: number
  /** The error for an answer past maxHeldChars. */
  tooLarge(): Error
}

/**
 * The stream of a checked answer. Held pieces are sent as one piece once the answer is complete
 * and judged valid, so the client's first-token time is when it received the call, truthfully;
 * an invalid answer that was held entirely has committed nothing, and may be asked for again.
 */
export async function* gateStream(pieces: AsyncGenerator<StreamPiece>, options: GateOptions): AsyncGenerator<StreamPiece> {
  const { hold, collector } = options
  const held: StreamPiece[] = []
  let committed = false
  let tokenHeld = false
  let heldChars = 0
  for await (const piece of pieces) {
    const holding = held.length > 0 || hold === 'all' || (hold === 'calls' && collector.calling)
    if (piece.final === true) {
      options.judge(committed)
      if (!holding) {
        yield piece
        return
      }
      held.push(piece)
      yield joined(held)
      return
    }
    if (!holding) {
      committed ||= piece.commits
      yield piece
      continue
    }
    held.push(piece)
    heldChars += piece.sse.length
    if (heldChars > options.maxHeldChars) throw options.tooLarge()
    if (piece.token && !tokenHeld) {
      tokenHeld = true
      options.firstToken()
    }
  }
}

function joined(held: readonly StreamPiece[]): StreamPiece {
  let sse = ''
  let token = false
  for (const piece of held) {
    sse += piece.sse
    token ||= piece.token
  }
  return { sse, commits: true, token, final: true }
}
