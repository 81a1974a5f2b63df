import { setTimeout as sleepFor } from 'node:timers/promises'
import type { BackoffPolicy } from '../config/types.js'
import type { GatewayError } from '../errors/gateway-error.js'
import { AbortedError } from '../upstream/map-network-error.js'

/**
 * How long to wait before attempt number `round + 1` at a deployment that already failed
 * `round` times in this request. The upstream's own Retry-After (already parsed by its adapter
 * into `retryAfterSeconds`) wins; one longer than `maxMs` is not worth waiting for, so the
 * answer is undefined and the deployment is not tried again. Otherwise exponential backoff with
 * full jitter (a random wait up to the capped exponential), so retries from many clients spread.
 */
export function backoffDelayMs(policy: BackoffPolicy, round: number, error: GatewayError | undefined, random: () => number = Math.random): number | undefined {
  const retryAfter = error?.detail.retryAfterSeconds
  if (retryAfter !== undefined) {
    const ms = Math.ceil(retryAfter * 1000)
    return ms > policy.maxMs ? undefined : ms
  }
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, round - 1))
  return Math.floor(random() * cap)
}

/** Waits `ms`, or throws AbortedError as soon as the client goes away. */
export async function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return
  try {
    await sleepFor(ms, undefined, { signal })
  } catch {
    throw new AbortedError()
  }
}
