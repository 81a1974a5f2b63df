/**
 * The worker side of `--workers`: /metrics answers for the whole cluster by asking the
 * primary, which gathers every worker's registry (cluster-metrics.ts); the primary's snapshot
 * requests are answered with this worker's registry; a reload broadcast by the primary reaches
 * this worker's gateway.
 */
import cluster from 'node:cluster'
import type { Registry } from 'prom-client'
import type { MetricsSource } from '../http/metrics-endpoint.js'
import type { Logger } from '../logging/logger.js'
import { isClusterMessage, type ClusterMessage } from './messages.js'

interface Pending {
  resolve(value: { text: string; contentType: string }): void
  reject(err: Error): void
  timer: NodeJS.Timeout
}

/** Longer than the primary's own wait for the workers, so its answer (with what it has) arrives first. */
const METRICS_TIMEOUT_MS = 6_000

/**
 * Sends to the primary. The channel may be gone (the primary was killed): the send's error
 * goes to the callback, never to an 'error' event nobody handles (an unhandled EPIPE).
 */
function toPrimary(message: ClusterMessage, failed: (err: Error) => void = () => undefined): void {
  if (process.send === undefined || !process.connected) return failed(new Error('no channel to the cluster primary'))
  process.send(message, undefined, undefined, (err: Error | null) => {
    if (err !== null) failed(err)
  })
}

export function clusterMetricsSource(registry: Registry): MetricsSource {
  let nextId = 0
  const pending = new Map<number, Pending>()
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return
    if (message.type === 'switchyard:snapshot-request') {
      registry.getMetricsAsJSON().then(
        (metrics) => toPrimary({ type: 'switchyard:snapshot', id: message.id, metrics }),
        () => toPrimary({ type: 'switchyard:snapshot', id: message.id, metrics: undefined }),
      )
      return
    }
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
      const fail = (err: Error) => {
        clearTimeout(timer)
        pending.delete(id)
        reject(err)
      }
      const timer = setTimeout(() => fail(new Error('cluster metrics: the primary did not answer')), METRICS_TIMEOUT_MS)
      pending.set(id, { resolve, reject, timer })
      toPrimary({ type: 'switchyard:metrics-request', id }, (err) => fail(new Error(`cluster metrics: ${err.message}`)))
    })
}

/** Calls `reload` whenever the primary broadcasts one (file change or SIGHUP). */
export function onClusterReload(reload: (trigger: 'watch' | 'SIGHUP') => void): void {
  process.on('message', (message: unknown) => {
    if (isClusterMessage(message) && message.type === 'switchyard:reload') reload(message.trigger)
  })
}

/**
 * Call first thing in a worker. Node's own cluster messages (the listen handshake) fail with
 * EPIPE when the primary is killed, and emit 'error' on the worker: unhandled, that printed a
 * stack. The worker exits by itself when its channel closes (Node's cluster does that), so a
 * broken channel is only noted.
 */
export function guardClusterChannel(logger: Logger): void {
  cluster.worker?.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_IPC_CHANNEL_CLOSED' || err.code === 'ECONNRESET') logger.debug({ code: err.code }, 'the cluster primary is gone; this worker stops with it')
    else logger.warn({ code: err.code, reason: err.message }, 'cluster channel error')
  })
}
