import type { DeploymentConfig } from '../config/types.js'

/**
 * What this replica knows about its deployments from its own traffic: requests in flight (for
 * least-busy) and a moving average of latency (for the latency strategy). Local by design:
 * both change on every request, and a shared store round trip per change would cost more than
 * the imprecision of each replica balancing its own load. Built per gateway (no module state).
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
}

/** Weight of a new latency sample: about the last ten requests count. */
const ALPHA = 0.2

export function createDeploymentStats(): DeploymentStats {
  const inFlight = new Map<string, number>()
  const latency = new Map<string, number>()
  const exported = new Map<string, number>()
  return {
    inFlight: (id) => inFlight.get(id) ?? 0,
    begin: (id) => inFlight.set(id, (inFlight.get(id) ?? 0) + 1),
    end: (id) => {
      const n = (inFlight.get(id) ?? 0) - 1
      if (n <= 0) inFlight.delete(id)
      else inFlight.set(id, n)
    },
    latencyMs: (id) => latency.get(id),
    observeLatency: (id, ms) => {
      const prev = latency.get(id)
      latency.set(id, prev === undefined ? ms : prev + ALPHA * (ms - prev))
    },
    exportedState: (d) => exported.get(d.id),
    setExportedState: (d, state) => exported.set(d.id, state),
  }
}
