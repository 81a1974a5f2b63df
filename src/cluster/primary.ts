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

/** A worker that is going away is no error: the callback takes what would be an unhandled EPIPE. */
function send(worker: Worker, message: ClusterMessage): void {
  if (worker.isConnected()) worker.send(message, undefined, undefined, () => undefined)
}

function liveWorkers(): Worker[] {
  return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
}

function broadcast(message: ClusterMessage): void {
  for (const worker of liveWorkers()) send(worker, message)
}

/** Resolves with the exit code once every worker has exited after a signal. */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const { logger } = options
  const state = { stopping: false, failedToStart: (_code: number): void => undefined }
  answerMetricRequests(logger)
  replaceDeadWorkers(logger, state)
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
      if (state.stopping) return
      state.stopping = true
      watcher?.close()
      logger.info({ reason }, 'shutting down: workers finish what is in flight')
      stopWorkers().then(() => resolve(code), () => resolve(code))
    }
    state.failedToStart = (code) => stop('failed', code)
    process.once('SIGTERM', () => stop('SIGTERM', 0))
    process.once('SIGINT', () => stop('SIGINT', 0))
  })
}

/** Workers ask the primary for the cluster's metrics; it gathers every worker's snapshot. */
function answerMetricRequests(logger: Logger): void {
  const metrics = createClusterMetrics({ workers: liveWorkers, send })
  cluster.on('fork', (worker) => {
    worker.on('error', (err: NodeJS.ErrnoException) => logger.debug({ worker: worker.id, code: err.code }, 'cluster channel error (the worker is going away)'))
  })
  cluster.on('exit', (worker) => metrics.retire(worker.id))
  cluster.on('message', (worker, message: unknown) => {
    if (!isClusterMessage(message)) return
    if (message.type === 'switchyard:snapshot') return metrics.received(worker, message.id, message.metrics)
    if (message.type !== 'switchyard:metrics-request') return
    metrics.gather().then(
      ({ text, contentType }) => send(worker, { type: 'switchyard:metrics-response', id: message.id, text, contentType }),
      (err: unknown) => send(worker, { type: 'switchyard:metrics-error', id: message.id, message: err instanceof Error ? err.message : String(err) }),
    )
  })
}

/** A worker that dies is replaced, unless it died before it ever listened (a port in use, a bad file): it would die again. */
function replaceDeadWorkers(logger: Logger, state: { stopping: boolean; failedToStart: (code: number) => void }): void {
  const listened = new Set<number>()
  cluster.on('listening', (worker) => listened.add(worker.id))
  cluster.on('exit', (worker, code, signal) => {
    if (state.stopping) return
    if (!listened.has(worker.id)) {
      logger.error({ worker: worker.id, code, signal }, 'a worker failed to start; stopping')
      state.failedToStart(1)
      return
    }
    logger.error({ worker: worker.id, code, signal }, 'worker died; starting another')
    cluster.fork()
  })
}

/** Passes SIGTERM to every live worker (each drains as a single process does); resolves when all have exited. */
function stopWorkers(): Promise<void> {
  const alive = liveWorkers().filter((w) => !w.isDead())
  return Promise.all(alive.map((worker) => {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    worker.process.kill('SIGTERM')
    return exited
  })).then(() => undefined)
}
