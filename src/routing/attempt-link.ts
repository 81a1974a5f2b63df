import type { Timeouts } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'
import { linkedAbort, type LinkedAbort } from './linked-abort.js'

/** An attempt's abort link with its own deadlines: first token (streams) and total. */
export interface AttemptLink extends LinkedAbort {
  /** The answer is committed: the first-token deadline no longer applies. */
  committed(): void
}

/**
 * undici's headers and body timeouts cover connect, the response head and gaps between
 * chunks; these two it cannot see: a stream that sends bytes (a role frame, comments) but no
 * first token, and an attempt that drips along past its total budget. Either aborts the
 * attempt with a retryable upstream_timeout, which the upstream client reports as the failure.
 */
export function attemptLink(parent: AbortSignal, timeouts: Timeouts, provider: string, stream: boolean): AttemptLink {
  const link = linkedAbort(parent)
  const fail = (message: string) => () => link.abort(new GatewayError('upstream_timeout', message, { provider }))
  let ttft: NodeJS.Timeout | undefined = stream
    ? setTimeout(fail(`Provider '${provider}' sent no first token within ${timeouts.ttftMs} ms.`), timeouts.ttftMs)
    : undefined
  const total = setTimeout(fail(`Provider '${provider}' did not finish within ${timeouts.totalMs} ms.`), timeouts.totalMs)
  const clearTtft = () => {
    if (ttft !== undefined) clearTimeout(ttft)
    ttft = undefined
  }
  return {
    signal: link.signal,
    abort: link.abort,
    committed: clearTtft,
    release() {
      clearTtft()
      clearTimeout(total)
      link.release()
    },
  }
}

/** The GatewayError an attempt's own deadline aborted it with, if that is why it ended. */
export function deadlineError(signal: AbortSignal): GatewayError | undefined {
  return signal.aborted && signal.reason instanceof GatewayError ? signal.reason : undefined
}
