/**
 * The primary process of `--workers N`: forks the workers (which share the listening socket),
 * answers their requests for cluster-wide metrics (cluster-metrics.ts: counters stay monotonic
 * when a worker is replaced), broadcasts reloads (file change, SIGHUP), replaces a worker that
 * dies, and on SIGTERM/SIGINT passes the signal on and waits for every worker to drain and exit.
 */
import cluster, { type Worker } from 'node:cluster'
import { watchFile } from '../config/watch-file.js'
import type { Logger } from '../logging/logger.js'
import { createClusterMetrics } from './cluster-metrics.js'
import { isClusterMessage, type ClusterMessage } from './messages.js'

export interface PrimaryOptions {
  workers: number
  configFile: string
  /** Watch the config file (off when `server.watch_config` is false). */
  watch: boolean
  logger: Logger
}

/** Resolves with the exit code once every worker has exited after a signal. */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const { logger } = options
  let stopping = false

  /** A worker that is going away is no error: the callback takes what would be an unhandled EPIPE. */
  const send = (worker: Worker, message: ClusterMessage) => {
    if (worker.isConnected()) worker.send(message, undefined, undefined, () => undefined)
  }
  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
  const broadcast = (message: ClusterMessage) => {
    for (const worker of workers()) send(worker, message)
  }
  const metrics = createClusterMetrics({ workers, send })

  cluster.on('fork', (worker) => {
    worker.on('error', (err: NodeJS.ErrnoException) => logger.debug({ worker: worker.id, code: err.code }, 'cluster channel error (the worker is going away)'))
  })
  cluster.on('message', (worker, message: unknown) => {
    if (!isClusterMessage(message)) return
    if (message.type === 'switchyard:snapshot') return metrics.received(worker, message.id, message.metrics)
    if (message.type !== 'switchyard:metrics-request') return
    metrics.gather().then(
      ({ text, contentType }) => send(worker, { type: 'switchyard:metrics-response', id: message.id, text, contentType }),
      (err: unknown) => send(worker, { type: 'switchyard:metrics-error', id: message.id, message: err instanceof Error ? err.message : String(err) }),
    )
  })

  // A worker that dies before it ever listened (a port in use, a bad file) would die again.
  const listened = new Set<number>()
  cluster.on('listening', (worker) => listened.add(worker.id))
  let failedToStart: ((code: number) => void) | undefined

  cluster.on('exit', (worker, code, signal) => {
    metrics.retire(worker.id)
    if (stopping) return
    if (!listened.has(worker.id)) {
      logger.error({ worker: worker.id, code, signal }, 'a worker failed to start; stopping')
      failedToStart?.(1)
      return
    }
    logger.error({ worker: worker.id, code, signal }, 'worker died; starting another')
    cluster.fork()
  })

  for (let i = 0; i < options.workers; i++) cluster.fork()
  logger.info({ workers: options.workers }, 'started workers')

  const watcher = options.watch
    ? watchFile(
        options.configFile,
        () => broadcast({ type: 'switchyard:reload', trigger: 'watch' }),
        (err) => logger.warn({ err: err.message, config: options.configFile }, 'cannot watch the config file; reload with SIGHUP'),
      )
    : undefined
  process.on('SIGHUP', () => broadcast({ type: 'switchyard:reload', trigger: 'SIGHUP' }))

  return new Promise((resolve) => {
    const stop = (reason: NodeJS.Signals | 'failed', code: number) => {
      if (stopping) return
      stopping = true
      watcher?.close()
      logger.info({ reason }, 'shutting down: workers finish what is in flight')
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead())
      if (alive.length === 0) return resolve(code)
      let left = alive.length
      for (const worker of alive) {
        worker.once('exit', () => {
          if (--left === 0) resolve(code)
        })
        // The worker drains on this signal just as a single process does.
        worker.process.kill('SIGTERM')
      }
    }
    failedToStart = (code) => stop('failed', code)
    process.once('SIGTERM', () => stop('SIGTERM', 0))
    process.once('SIGINT', () => stop('SIGINT', 0))
  })
}
