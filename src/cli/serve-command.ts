import cluster from 'node:cluster'
import { runPrimary } from '../cluster/primary.js'
import { clusterMetricsSource, guardClusterChannel, onClusterReload } from '../cluster/worker.js'
import { ConfigError, loadConfig } from '../config/load.js'
import type { Config } from '../config/types.js'
import { createLogger, isLogLevel, LOG_LEVELS, type Logger } from '../logging/logger.js'
import { createMetrics } from '../metrics/metrics.js'
import { startGateway, type RunningGateway } from '../server.js'
import { parsePort, parseWorkers, type CliArgs } from './usage.js'

/** What `serve` runs with, from flags and the environment, every value checked. */
interface ServeSettings {
  port: number | undefined
  host: string | undefined
  workers: number
  /** LOG_LEVEL: wins over the config's `server.log_level`. */
  logLevel: string | undefined
  pretty: boolean
}

/** `switchyard serve`: 1 when the config is invalid, 2 for a bad flag, else the exit code after draining. */
export async function serveCommand(args: CliArgs, file: string, env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadOrReport(file, env)
  if (config === undefined) return 1
  const settings = serveSettings(args, env)
  if (typeof settings === 'string') {
    console.error(settings)
    return 2
  }
  const logger = createLogger({ level: settings.logLevel ?? config.server.logLevel, pretty: settings.pretty })
  if (settings.workers > 1 && cluster.isPrimary) {
    return runPrimary({ workers: settings.workers, configFile: file, watch: config.server.watchConfig, logger })
  }
  const serving = await startServing({ file, env, config, settings, logger })
  return untilStopped(serving.gateway, serving.logger)
}

function loadOrReport(file: string, env: NodeJS.ProcessEnv): Config | undefined {
  try {
    return loadConfig(file, env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    return undefined
  }
}

/** The settings, or the message that says which flag or variable to fix. */
function serveSettings(args: CliArgs, env: NodeJS.ProcessEnv): ServeSettings | string {
  const logLevel = env.LOG_LEVEL === undefined || env.LOG_LEVEL === '' ? undefined : env.LOG_LEVEL
  if (logLevel !== undefined && !isLogLevel(logLevel)) return `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`
  const port = parsePort(args.port ?? env.PORT)
  if ('error' in port) return port.error
  const workersText = args.workers ?? env.SWITCHYARD_WORKERS ?? '1'
  const workers = parseWorkers(workersText)
  if (workers === undefined) return `--workers must be a number of processes (1 or more) or 'auto', got '${workersText}'`
  const pretty = env.LOG_PRETTY === '1' || (env.LOG_PRETTY === undefined && process.stdout.isTTY === true)
  return { port: port.port, host: args.host ?? env.HOST, workers, logLevel, pretty }
}

interface ServeInputs {
  file: string
  env: NodeJS.ProcessEnv
  config: Config
  settings: ServeSettings
  logger: Logger
}

/** This process's gateway, alone or as one worker of a cluster, and its logger (a worker's names it). */
async function startServing({ file, env, config, settings, logger: baseLogger }: ServeInputs): Promise<{ gateway: RunningGateway; logger: Logger }> {
  const worker = cluster.isWorker ? cluster.worker : undefined
  const logger = worker === undefined ? baseLogger : baseLogger.child({ worker: worker.id })
  if (worker !== undefined) guardClusterChannel(logger)
  const metrics = createMetrics()
  const gateway = await startGateway({
    config: { file, env },
    loaded: config,
    port: settings.port,
    host: settings.host,
    logger,
    followLogLevel: true,
    ...(settings.logLevel === undefined ? {} : { logLevel: settings.logLevel }),
    metrics,
    // In a cluster the primary watches the file and tells every worker.
    watch: worker === undefined && config.server.watchConfig,
    ...(worker === undefined ? {} : { metricsSource: clusterMetricsSource(metrics.registry) }),
  })
  const current = gateway.deps.config()
  logger.info({ url: gateway.url, config: file, routes: current.routes.size, providers: current.providers.size }, 'switchyard is listening')
  // A worker reloads when the primary says so, and on a SIGHUP of its own (which would otherwise end it).
  process.on('SIGHUP', () => gateway.reload('SIGHUP'))
  if (worker !== undefined) onClusterReload((trigger) => gateway.reload(trigger))
  return { gateway, logger }
}

/** Resolves with the exit code once SIGTERM or SIGINT has drained the gateway. */
function untilStopped(gateway: RunningGateway, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      // Ctrl-C reaches every process of the group, and a cluster primary passes SIGTERM on too.
      if (stopping) return
      stopping = true
      logger.info({ signal, inFlightGraceMs: gateway.deps.config().server.shutdownGraceMs }, 'shutting down: not ready, finishing requests in flight')
      gateway.shutdown().then(
        (cut) => {
          logger.info({ cut }, 'stopped')
          resolve(0)
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed')
          resolve(1)
        },
      )
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
}
