/**
 * The worker side of `--workers`: /metrics answers for the whole cluster by asking the
 * primary, which gathers every worker's registry (prom-client's AggregatorRegistry), and a
 * reload broadcast by the primary reaches this worker's gateway.
 */
import { AggregatorRegistry, type Registry } from 'prom-client'
import type { MetricsSource } from '../http/metrics-endpoint.js'
import { isClusterMessage, type ClusterMessage } from './messages.js'

interface Pending {
  resolve(value: { text: string; contentType: string }): void
  reject(err: Error): void
  timer: NodeJS.Timeout
}

/** Longer than prom-client's own 5 s wait for the workers, so its error arrives first. */
const METRICS_TIMEOUT_MS = 6_000

export function clusterMetricsSource(registry: Registry): MetricsSource {
  // Constructing one installs prom-client's answer to the primary's "send me your metrics".
  new AggregatorRegistry()
  AggregatorRegistry.setRegistries([registry])
  let nextId = 0
  const pending = new Map<number, Pending>()
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return
    if (message.type !== 'switchyard:metrics-response' && message.type !== 'switchyard:metrics-error') return
    const waiting = pending.get(message.id)
    if (waiting === undefined) return
    pending.delete(message.id)
    clearTimeout(waiting.timer)
    if (message.type === 'switchyard:metrics-response') waiting.resolve({ text: message.text, contentType: message.contentType })
    else waiting.reject(new Error(`cluster metrics: ${message.message}`))
  })
  return () =>
    new Promise((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error('cluster metrics: the primary did not answer'))
      }, METRICS_TIMEOUT_MS)
      pending.set(id, { resolve, reject, timer })
      const request: ClusterMessage = { type: 'switchyard:metrics-request', id }
      process.send?.(request)
    })
}

/** Calls `reload` whenever the primary broadcasts one (file change or SIGHUP). */
export function onClusterReload(reload: (trigger: 'watch' | 'SIGHUP') => void): void {
  process.on('message', (message: unknown) => {
    if (isClusterMessage(message) && message.type === 'switchyard:reload') reload(message.trigger)
  })
}
