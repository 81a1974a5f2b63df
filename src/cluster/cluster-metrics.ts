/**
 * Cluster-wide metrics in the primary. Each /metrics asks every live worker for its registry
 * (as JSON) and sums them (prom-client's aggregate, by each metric's aggregator). What a worker
 * last reported is kept: a worker that does not answer in time counts with its last report,
 * and one that dies leaves its counters and histograms behind, added to every later answer.
 * Without that, replacing a worker makes every cluster-wide counter drop, which Prometheus
 * reads as a reset (and rate() as a burst). Gauges of a dead worker go with it.
 */
import type { Worker } from 'node:cluster'
import { AggregatorRegistry } from 'prom-client'
import type { ClusterMessage } from './messages.js'

/** One worker's registry as `getMetricsAsJSON()` gives it, as far as aggregation needs it. */
export interface SnapshotMetric {
  name: string
  type: string
  values: unknown[]
}

export type MetricsSnapshot = SnapshotMetric[]

export interface ClusterMetrics {
  /** Prometheus text for the whole cluster. */
  gather(): Promise<{ text: string; contentType: string }>
  /** A worker's answer to a snapshot request. */
  received(worker: Worker, id: number, metrics: unknown): void
  /** A worker exited: its last counters stay in the sums from now on. */
  retire(workerId: number): void
}

export interface ClusterMetricsOptions {
  /** The workers to ask. */
  workers(): Worker[]
  /** Sends a message to a worker; a worker that is gone is no error. */
  send(worker: Worker, message: ClusterMessage): void
  /** How long to wait for the slowest worker before using its last report. */
  timeoutMs?: number
}

/** Shorter than a worker's own wait for the primary's answer (worker.ts). */
const SNAPSHOT_TIMEOUT_MS = 4_000

/** Counters and histograms only ever grow: those are what a dead worker leaves behind. */
const MONOTONIC = new Set(['counter', 'histogram'])

export function createClusterMetrics(options: ClusterMetricsOptions): ClusterMetrics {
  const latest = new Map<number, MetricsSnapshot>()
  /** Reports of dead workers (monotonic metrics only), merged now and then. */
  let retired: MetricsSnapshot[] = []
  const pending = new Map<number, { waiting: Set<number>; done(): void }>()
  let nextId = 0

  const aggregate = (parts: MetricsSnapshot[]) => AggregatorRegistry.aggregate(parts)
  const compact = async () => {
    if (retired.length < 8) return
    const parts = retired
    retired = []
    // Another retire may land while this awaits: it goes to the fresh list, kept beside the merge.
    retired.unshift(asSnapshot(await aggregate(parts).getMetricsAsJSON()) ?? [])
  }

  const ask = (): Promise<void> =>
    new Promise((resolve) => {
      const id = nextId++
      const waiting = new Set<number>()
      const done = () => {
        clearTimeout(timer)
        pending.delete(id)
        resolve()
      }
      const timer = setTimeout(done, options.timeoutMs ?? SNAPSHOT_TIMEOUT_MS)
      for (const worker of options.workers()) {
        if (!worker.isConnected()) continue
        waiting.add(worker.id)
        options.send(worker, { type: 'switchyard:snapshot-request', id })
      }
      if (waiting.size === 0) return done()
      pending.set(id, { waiting, done })
    })

  return {
    async gather() {
      await ask()
      await compact()
      const registry = aggregate([...latest.values(), ...retired])
      return { text: await registry.metrics(), contentType: registry.contentType }
    },
    received(worker, id, metrics) {
      const snapshot = asSnapshot(metrics)
      if (snapshot !== undefined) latest.set(worker.id, snapshot)
      const request = pending.get(id)
      if (request === undefined) return
      request.waiting.delete(worker.id)
      if (request.waiting.size === 0) request.done()
    },
    retire(workerId) {
      const last = latest.get(workerId)
      latest.delete(workerId)
      for (const request of pending.values()) {
        request.waiting.delete(workerId)
        if (request.waiting.size === 0) request.done()
      }
      if (last !== undefined) retired.push(last.filter((m) => MONOTONIC.has(m.type)))
    },
  }
}

/** A snapshot from IPC (unknown until narrowed): a list of metrics with a name, type and values. */
function asSnapshot(value: unknown): MetricsSnapshot | undefined {
  if (!Array.isArray(value)) return undefined
  const out: MetricsSnapshot = []
  for (const item of value) {
    if (typeof item !== 'object' || item === null || !('name' in item) || !('type' in item) || !('values' in item)) return undefined
    const { name, type, values } = item
    // prom-client's typings give `type` as an enum; on the wire (and at run time) it is its name.
    if (typeof name !== 'string' || typeof type !== 'string' || !Array.isArray(values)) return undefined
    out.push({ ...item, name, type, values })
  }
  return out
}
