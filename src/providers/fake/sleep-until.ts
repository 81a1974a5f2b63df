/**
 * Waits until `target` on the `performance.now()` clock, or until `signal` aborts. Callers
 * schedule every step against one start time, so timer lateness never accumulates.
 * Resolves true when the time came, false when aborted.
 */
export function sleepUntil(target: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  const delay = target - performance.now()
  if (delay <= 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    // Node truncates fractional delays; rounding up means a step is never early.
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, Math.ceil(delay))
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
