#!/usr/bin/env node
/**
 * switchyard serve [--config routes.yaml] [--port 4000] [--host 0.0.0.0] [--workers N|auto]
 * switchyard check [routes.yaml]
 * switchyard key new --name <name>
 * The only place besides config loading that reads process.env (the commands are in cli/).
 */
import { checkCommand } from './cli/check-command.js'
import { keyCommand } from './cli/key-command.js'
import { serveCommand } from './cli/serve-command.js'
import { parseCliArgs, USAGE } from './cli/usage.js'

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv)
  if (args.help || args.command === undefined) {
    console.log(USAGE)
    return args.help ? 0 : 2
  }
  const env = process.env
  const file = args.arg ?? args.config ?? env.SWITCHYARD_CONFIG ?? 'routes.yaml'
  switch (args.command) {
    case 'key':
      return keyCommand(args.arg, args.name)
    case 'check':
      return checkCommand(file, env)
    case 'serve':
      return serveCommand(args, file, env)
    default:
      console.error(`Unknown command '${args.command}'.\n${USAGE}`)
      return 2
  }
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
