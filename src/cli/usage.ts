import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'

export const USAGE = `Usage:
  switchyard serve [--config routes.yaml] [--port 4000] [--host 0.0.0.0] [--workers N|auto]
  switchyard check [routes.yaml]
  switchyard key new --name <name>   prints a new virtual key and its routes.yaml entry

serve reloads the config when the file changes or on SIGHUP, and drains on SIGTERM/SIGINT.
--workers runs N processes sharing the port (auto: one per CPU); /metrics answers for all.

Environment: SWITCHYARD_CONFIG (config file), PORT, HOST, SWITCHYARD_WORKERS, LOG_LEVEL (overrides
server.log_level), LOG_PRETTY (1 for readable logs, 0 for JSON; default: readable in a terminal).`

/** What the command line said, before any value is checked. */
export interface CliArgs {
  command: string | undefined
  /** The command's positional argument: `check`'s file, `key`'s `new`. */
  arg: string | undefined
  config?: string | undefined
  port?: string | undefined
  host?: string | undefined
  name?: string | undefined
  workers?: string | undefined
  help: boolean
}

export function parseCliArgs(argv: string[]): CliArgs {
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
  const [command, arg] = positionals
  return { command, arg, ...values, help: values.help === true }
}

/** `--workers`: a count, or `auto` for one per CPU; undefined when invalid. */
export function parseWorkers(text: string): number | undefined {
  if (text === 'auto') return availableParallelism()
  const n = Number(text)
  return Number.isInteger(n) && n >= 1 && n <= 1024 ? n : undefined
}

/** `--port`/PORT: undefined when not given; an error message when not a port number. */
export function parsePort(text: string | undefined): { port: number | undefined } | { error: string } {
  if (text === undefined) return { port: undefined }
  const port = Number(text)
  return Number.isInteger(port) && port >= 0 && port < 65536 ? { port } : { error: `--port must be a port number, got '${text}'` }
}
