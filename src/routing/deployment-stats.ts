import { LRUCache } from 'lru-cache'
import type { DeploymentConfig } from '../config/types.js'
import { boundedId } from './deployment-state.js'

/**
 * What this replica knows about its deployments from its own traffic: requests in flight (for
 * least-busy) and a moving average of latency (for the latency strategy). Local by design:
 * both change on every request, and a shared store round trip per change would cost more than
 * the imprecision of each replica balancing its own load. Built per gateway (no module state).
 *
 * Ids may be names a client chose (`provider/<anything>`), so every map is bounded: ids are
 * kept by their digest when long, in-flight entries go when they reach zero, and latency and
 * exported states live in LRUs (a declared deployment in use is touched on every request, so
 * only idle or client-named ones are evicted, and an evicted one is simply measured again).
 */
export interface DeploymentStats {
  inFlight(id: string): number
  begin(id: string): void
  end(id: string): void
  /** Average latency in ms, undefined before the first sample. */
  latencyMs(id: string): number | undefined
  observeLatency(id: string, ms: number): void
  /** The circuit state last exported for a deployment, so the gauge is set only on change. */
  exportedState(deployment: DeploymentConfig): number | undefined
  setExportedState(deployment: DeploymentConfig, state: number): void
  /** Entries held (for tests and the curious): never more than `maxEntries` per LRU plus those in flight. */
  size(): { inFlight: number; latency: number; exported: number }
}

/** Weight of a new latency sample: about the last ten requests count. */
const ALPHA = 0.2

/** Deployments remembered per LRU: far more than any config declares. */
export const STATS_MAX_ENTRIES = 4096

export function createDeploymentStats(options: { maxEntries?: number } = {}): DeploymentStats {
  const max = options.maxEntries ?? STATS_MAX_ENTRIES
  const inFlight = new Map<string, number>()
  const latency = new LRUCache<string, number>({ max })
  const exported = new LRUCache<string, number>({ max })
  return {
    inFlight: (id) => inFlight.get(boundedId(id)) ?? 0,
    begin: (id) => {
      const key = boundedId(id)
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1)
    },
    end: (id) => {
      const key = boundedId(id)
      const n = (inFlight.get(key) ?? 0) - 1
      if (n <= 0) inFlight.delete(key)
      else inFlight.set(key, n)
    },
    latencyMs: (id) => latency.get(boundedId(id)),
    observeLatency: (id, ms) => {
      const key = boundedId(id)
      const prev = latency.get(key)
      latency.set(key, prev === undefined ? ms : prev + ALPHA * (ms - prev))
    },
    exportedState: (d) => exported.get(boundedId(d.id)),
    setExportedState: (d, state) => void exported.set(boundedId(d.id), state),
    size: () => ({ inFlight: inFlight.size, latency: latency.size, exported: exported.size }),
  }
}
