import { toGatewayError, type GatewayError } from '../errors/gateway-error.js'
import { writeStream } from '../http/write-stream.js'
import type { Answer, StreamAnswer } from '../routing/answer.js'
import type { StreamPiece } from '../streaming/stream-piece.js'
import { deadlineError } from '../routing/attempt-link.js'
import { redactUpstreamError } from '../routing/send.js'
import type { Execution, Executed } from '../routing/execute.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { answerHeaders } from './answer-headers.js'
import type { CacheMiss } from './cache.js'
import { KEEP_ALIVE_LINE, settlesWithin } from './keep-alive.js'
import type { RequestContext } from './request-context.js'
import type { Outcome, RequestScope } from './request-scope.js'

/**
 * A committed stream: its headers leave before its usage is known, so its cost goes to the
 * spend metric, the key's budget and the log line, not to a header.
 */
export function answerStream(rc: RequestContext, scope: RequestScope, executed: Executed<Answer>, answer: StreamAnswer, cache: CacheMiss): Promise<Response> {
  const headers = { ...answerHeaders(executed, rc.now()), ...cache.headers }
  return writeStream(rc.http, headers, relayToClient(rc, scope, executed, answer, cache))
}

/**
 * A stream whose first token is slow: the answer has started (200, no routing headers yet), and
 * the door's keep-alive goes out every `intervalMs` until the executor settles; then the
 * stream, or its failure as one error event. If the client leaves first, the executor is aborted
 * by the client's signal and whatever it ends with is still released and recorded.
 */
export function keptAliveStream(rc: RequestContext, scope: RequestScope, executing: Promise<Execution<Answer>>, intervalMs: number, cache: CacheMiss, streamError?: (error: GatewayError) => string): Promise<Response> {
  return writeStream(rc.http, cache.headers, keptAlive(rc, scope, executing, intervalMs, cache, streamError ?? rc.door.streamError))
}

async function* keptAlive(rc: RequestContext, scope: RequestScope, executing: Promise<Execution<Answer>>, intervalMs: number, cache: CacheMiss, streamError: (error: GatewayError) => string): AsyncGenerator<string> {
  let handedOver = false
  try {
    while (!(await settlesWithin(executing, intervalMs))) yield rc.door.keepAlive ?? KEEP_ALIVE_LINE
    const execution = await executing
    handedOver = true
    if (!execution.ok) {
      scope.attempts(execution.attempts)
      if (execution.error instanceof AbortedError) return scope.end({ status: 499 })
      const error = toGatewayError(execution.error)
      scope.end({ status: error.status, error })
      yield streamError(error)
      return
    }
    scope.answered(execution.executed)
    const answer = execution.executed.value
    // A JSON answer cannot happen for a stream request; the attempt's value is a stream.
    if (answer.kind === 'stream') yield* relayToClient(rc, scope, execution.executed, answer, cache)
    else scope.end({ status: 200, usage: answer.usage, finished: true })
  } finally {
    if (!handedOver) {
      // The client left while we waited: the executor ends (aborted); release what it holds.
      void executing.then((execution) => {
        if (execution.ok) scope.answered(execution.executed)
        scope.end({ status: 499 })
      })
    }
  }
}

/**
 * The committed stream as the client sees it: the buffered head, then the rest. Measures time
 * to first token at the first piece that carries a token, and reports a failure after commit
 * as one error event in the door's protocol. Its `finally` ends the request however the stream
 * ends (done, error, or client gone).
 */
async function* relayToClient(rc: RequestContext, scope: RequestScope, executed: Executed<Answer>, answer: StreamAnswer, cache: CacheMiss): AsyncGenerator<string> {
  const { head, rest } = answer
  // Only for routes with the cache on: the pieces (strings already made) are kept to store the whole stream.
  const kept: string[] | undefined = cache.store === undefined ? undefined : []
  const clock: TokenClock = {}
  const outcome: Outcome = { status: 499 }
  /** Times tokens, keeps the piece for the cache; the closing piece completes the answer before it goes out (the client may ask again the moment it has it). */
  const passOn = (piece: StreamPiece): string => {
    if (piece.token) tick(clock)
    kept?.push(piece.sse)
    if (piece.final === true) {
      outcome.status = 200
      outcome.finished = true
      if (kept !== undefined) cache.store?.(kept.join(''))
    }
    return piece.sse
  }
  try {
    for (const piece of head) yield passOn(piece)
    try {
      for (;;) {
        const next = await rest.next()
        if (next.done === true) break
        yield passOn(next.value)
      }
    } catch (err) {
      const error = failureAfterCommit(err, executed)
      if (error === undefined) return
      recordFailure(rc, scope, error, outcome)
      yield answer.streamError?.(error) ?? rc.door.streamError(error)
    }
  } finally {
    await rest.return?.(undefined)
    endStream(scope, outcome, answer, clock, rc.receivedAt)
  }
}

/** When the first and the last token pieces went to the client. */
interface TokenClock {
  first?: number
  last?: number
}

function tick(clock: TokenClock): void {
  clock.last = performance.now()
  clock.first ??= clock.last
}

/** The error to report for a stream that failed after commit (redacted as the executor's are); undefined when the client went away. */
function failureAfterCommit(err: unknown, executed: Executed<Answer>): GatewayError | undefined {
  const deadline = deadlineError(executed.signal)
  if (deadline === undefined && (err instanceof AbortedError || executed.signal.aborted)) return undefined
  return redactUpstreamError(deadline ?? toGatewayError(err), executed.target)
}

function recordFailure(rc: RequestContext, scope: RequestScope, error: GatewayError, outcome: Outcome): void {
  const labels = scope.labels()
  rc.deps.metrics.upstreamErrors.inc({ ...labels, kind: error.kind })
  rc.deps.logger.warn({ requestId: rc.requestId, provider: labels.provider, kind: error.kind }, `stream failed after it started: ${error.message}`)
  outcome.status = error.status
  outcome.error = error
  outcome.failedAfterCommit = error
}

/**
 * The stream's outcome. The time from the first token piece to the last covers pieces - 1 of
 * the pieces; it is scaled to all of them. Counting pieces, not tokens, keeps the rate right for
 * providers that send many tokens per chunk (Gemini, Bedrock, Anthropic). One piece gives no rate.
 */
function endStream(scope: RequestScope, outcome: Outcome, answer: StreamAnswer, clock: TokenClock, receivedAt: number): void {
  const { tally } = answer
  const pieces = tally.tokenPieces
  const { first, last } = clock
  outcome.generationMs = first !== undefined && last !== undefined && pieces > 1 ? ((last - first) * pieces) / (pieces - 1) : undefined
  outcome.ttftMs = first === undefined ? undefined : first - receivedAt
  outcome.usage = tally.usage
  outcome.completionEstimate = tally.tokenPieces
  scope.end(outcome)
}
