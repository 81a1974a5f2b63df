/**
 * An AbortController that also aborts when `parent` does, and can be released so that a
 * long-lived parent signal does not keep a listener per attempt.
 */
export interface LinkedAbort {
  signal: AbortSignal
  /** Aborts; a GatewayError reason (a timeout) is what the attempt fails with. */
  abort(reason?: unknown): void
  release(): void
}

export function linkedAbort(parent: AbortSignal): LinkedAbort {
  const controller = new AbortController()
  const onAbort = () => controller.abort(parent.reason)
  if (parent.aborted) controller.abort(parent.reason)
  else parent.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    abort: (reason?: unknown) => controller.abort(reason),
    release: () => parent.removeEventListener('abort', onAbort),
  }
}
