#!/usr/bin/env node
/**
 * switchyard serve [--config routes.yaml] [--port 4000] [--host 0.0.0.0] [--workers N|auto]
 * switchyard check [routes.yaml]
 * switchyard key new --name <name>
 * The only place besides config loading that reads process.env.
 */
import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { runPrimary } from './cluster/primary.js'
import { clusterMetricsSource, guardClusterChannel, onClusterReload } from './cluster/worker.js'
import { describeConfig } from './config/describe.js'
import { ConfigError, createConfigParser, loadConfig } from './config/load.js'
import { createMetrics } from './metrics/metrics.js'
import { createLogger, isLogLevel, LOG_LEVELS } from './logging/logger.js'
import { startGateway } from './server.js'
import { newKey } from './access/new-key.js'

const USAGE = `Usage:
  switchyard serve [--config routes.yaml] [--port 4000] [--host 0.0.0.0] [--workers N|auto]
  switchyard check [routes.yaml]
  switchyard key new --name <name>   prints a new virtual key and its routes.yaml entry

serve reloads the config when the file changes or on SIGHUP, and drains on SIGTERM/SIGINT.
--workers runs N processes sharing the port (auto: one per CPU); /metrics answers for all.

Environment: SWITCHYARD_CONFIG (config file), PORT, HOST, SWITCHYARD_WORKERS, LOG_LEVEL (overrides
server.log_level), LOG_PRETTY (1 for readable logs, 0 for JSON; default: readable in a terminal).`

/** `--workers`: a count, or `auto` for one per CPU; undefined when invalid. */
function parseWorkers(text: string): number | undefined {
  if (text === 'auto') return availableParallelism()
  const n = Number(text)
  return Number.isInteger(n) && n >= 1 && n <= 1024 ? n : undefined
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      name: { type: 'string' },
      workers: { type: 'string', short: 'w' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, fileArg] = positionals
  if (values.help === true || command === undefined) {
    console.log(USAGE)
    return command === undefined && values.help !== true ? 2 : 0
  }
  const env = process.env
  const file = fileArg ?? values.config ?? env.SWITCHYARD_CONFIG ?? 'routes.yaml'

  if (command === 'key') {
    const name = values.name
    if (fileArg !== 'new' || name === undefined || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
      console.error('Usage: switchyard key new --name <name>  (name: letters, digits, _, . and -, at most 64)')
      return 2
    }
    const { key, entry } = newKey(name)
    console.log(`New key for '${name}' (shown once; give it to its owner and keep only the hash):\n\n  ${key}\n\nAdd under keys: in routes.yaml (then set models, rpm, tpm, max_budget_usd as needed):\n\n${entry}`)
    return 0
  }

  if (command === 'check') {
    try {
      const config = loadConfig(file, env)
      console.log(describeConfig(config))
      return 0
    } catch (err) {
      if (err instanceof ConfigError) {
        console.error(err.message)
        return 1
      }
      throw err
    }
  }

  if (command === 'serve') {
    let config
    // Compiled once: this load and the gateway's (and its reloads) share it.
    const configParser = createConfigParser()
    try {
      config = configParser.load(file, env)
    } catch (err) {
      if (err instanceof ConfigError) {
        console.error(err.message)
        return 1
      }
      throw err
    }
    const logLevel = env.LOG_LEVEL === undefined || env.LOG_LEVEL === '' ? undefined : env.LOG_LEVEL
    if (logLevel !== undefined && !isLogLevel(logLevel)) {
      console.error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`)
      return 2
    }
    const baseLogger = createLogger({
      level: logLevel ?? config.server.logLevel,
      pretty: env.LOG_PRETTY === '1' || (env.LOG_PRETTY === undefined && process.stdout.isTTY === true),
    })
    const portText = values.port ?? env.PORT
    const port = portText === undefined ? undefined : Number(portText)
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
      console.error(`--port must be a port number, got '${portText}'`)
      return 2
    }
    const workersText = values.workers ?? env.SWITCHYARD_WORKERS ?? '1'
    const workers = parseWorkers(workersText)
    if (workers === undefined) {
      console.error(`--workers must be a number of processes (1 or more) or 'auto', got '${workersText}'`)
      return 2
    }
    if (workers > 1 && cluster.isPrimary) {
      return runPrimary({ workers, configFile: file, watch: config.server.watchConfig, logger: baseLogger })
    }

    const worker = cluster.isWorker ? cluster.worker : undefined
    const logger = worker === undefined ? baseLogger : baseLogger.child({ worker: worker.id })
    if (worker !== undefined) guardClusterChannel(logger)
    const metrics = createMetrics()
    const gateway = await startGateway({
      config: { file, env },
      configParser,
      port,
      host: values.host ?? env.HOST,
      logger,
      followLogLevel: true,
      ...(logLevel === undefined ? {} : { logLevel }),
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

  console.error(`Unknown command '${command}'.\n${USAGE}`)
  return 2
}

main(process.argv.slice(2)).then(
  // After serve has drained, an IPC channel, the pretty-printing thread or an idle timer must
  // not keep the process alive. (stdout to a file or pipe is written synchronously on Linux.)
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('switchyard failed to start:', err instanceof Error ? err.message : String(err))
    process.exit(1)
  },
)
