import { describeConfig } from '../config/describe.js'
import { ConfigError, loadConfig } from '../config/load.js'

/** `switchyard check [file]`: 0 and a description of the config, or 1 and its error (file:line:col). */
export function checkCommand(file: string, env: NodeJS.ProcessEnv): number {
  try {
    console.log(describeConfig(loadConfig(file, env)))
    return 0
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    return 1
  }
}
