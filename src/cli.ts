#!/usr/bin/env node
/**
 * switchyard serve [--config routes.yaml] [--port 4000] [--host 0.0.0.0]
 * switchyard check [routes.yaml]
 * switchyard key new --name <name>
 * The only place besides config loading that reads process.env.
 */
import { parseArgs } from 'node:util'
import { describeConfig } from './config/describe.js'
import { ConfigError, loadConfig } from './config/load.js'
import { createLogger } from './logging/logger.js'
import { startGateway } from './server.js'
import { newKey } from './access/new-key.js'

const USAGE = `Usage:
  switchyard serve [--config routes.yaml] [--port 4000] [--host 0.0.0.0]
  switchyard check [routes.yaml]
  switchyard key new --name <name>   prints a new virtual key and its routes.yaml entry

Environment: SWITCHYARD_CONFIG (config file), PORT, HOST, LOG_LEVEL (info), LOG_PRETTY (1 for readable logs).`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      name: { type: 'string' },
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
    const logger = createLogger({ level: env.LOG_LEVEL ?? 'info', pretty: env.LOG_PRETTY === '1' || (env.LOG_PRETTY === undefined && process.stdout.isTTY === true) })
    let config
    try {
      config = loadConfig(file, env)
    } catch (err) {
      if (err instanceof ConfigError) {
        console.error(err.message)
        return 1
      }
      throw err
    }
    const portText = values.port ?? env.PORT
    const port = portText === undefined ? undefined : Number(portText)
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
      console.error(`--port must be a port number, got '${portText}'`)
      return 2
    }
    const gateway = await startGateway({ config, port, host: values.host ?? env.HOST, logger })
    logger.info({ url: gateway.url, config: file, routes: config.routes.size, providers: config.providers.size }, 'switchyard is listening')
    const stop = async (signal: string) => {
      logger.info({ signal }, 'shutting down')
      await gateway.close()
      process.exit(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
    return -1
  }

  console.error(`Unknown command '${command}'.\n${USAGE}`)
  return 2
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (err: unknown) => {
    console.error('switchyard failed to start:', err instanceof Error ? err.message : String(err))
    process.exitCode = 1
  },
)
