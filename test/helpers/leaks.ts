/**
 * What a request may leave behind, observable from outside the gateway: upstream requests the
 * gateway never closed, requests still counted in flight, and timers still pending.
 */
import assert from 'node:assert/strict'
import { metricValue, type MetricsReader } from './gateway.js'
import type { ChaosUpstream } from './chaos-upstream.js'

/** Pending setTimeout/setInterval timers of this process. */
export function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
}

/**
 * Waits (up to 3 s) for the gateway to hold nothing of finished requests: no open upstream
 * request, in-flight gauge 0, no more timers than `baselineTimers`; then asserts it.
 */
export async function assertNothingLeaks(gw: MetricsReader, upstream: ChaosUpstream, baselineTimers: number): Promise<void> {
  let inFlight = 0
  for (let i = 0; i < 150; i++) {
    // Every front door's gauge (the sum over all `endpoint` labels).
    inFlight = metricValue(await gw.metricsText(), 'switchyard_in_flight_requests') ?? 0
    if (upstream.openRequests() === 0 && inFlight === 0 && activeTimeouts() <= baselineTimers) break
    await new Promise((r) => setTimeout(r, 20))
  }
  assert.equal(upstream.openRequests(), 0, 'every upstream request was closed')
  assert.equal(inFlight, 0, 'nothing in flight')
  assert.ok(activeTimeouts() <= baselineTimers, `no timer left pending (${activeTimeouts()} > ${baselineTimers})`)
}
