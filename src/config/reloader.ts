/**
 * The config in force, and swapping it. A reload reads and validates the whole file first and
 * swaps one reference, so a request that read `current()` at its start keeps that frozen
 * Config to its end; an invalid file is refused (logged with file:line:col) and the old
 * config keeps serving.
 */
import type { Logger } from '../logging/logger.js'
import type { Metrics } from '../metrics/metrics.js'
import { ConfigError, parseConfig, readConfigText } from './load.js'
import type { Env } from './interpolate.js'
import type { Config } from './types.js'

export type ReloadResult = { result: 'success'; config: Config } | { result: 'unchanged' } | { result: 'failure'; message: string }

export interface ConfigSource {
  file: string
  env: Env
}

export interface ConfigReloader {
  current(): Config
  /** Re-reads the file. `unchanged` (nothing counted) when a file event left the text as it was. */
  reload(trigger: 'watch' | 'SIGHUP' | 'api'): ReloadResult
}

export interface ReloaderOptions {
  initial: Config
  /** Where to reload from; without it every reload fails (the config was given in code). */
  source?: ConfigSource
  metrics: Metrics
  logger: Logger
  /** Called after a good swap (e.g. to apply the new log level). */
  onSwap?(next: Config, previous: Config): void
}

export function createConfigReloader(options: ReloaderOptions): ConfigReloader {
  const { metrics, logger, source } = options
  let config = options.initial
  let lastText = source === undefined ? undefined : safeRead(source.file)
  metrics.configLastReloadSuccess.set(Date.now() / 1000)

  return {
    current: () => config,
    reload(trigger) {
      if (source === undefined) return { result: 'failure', message: 'this gateway was started from a config object, not a file' }
      let next: Config
      try {
        const text = readConfigText(source.file)
        // Editors fire several events per save, and touching a file changes nothing.
        if (trigger === 'watch' && text === lastText) return { result: 'unchanged' }
        next = parseConfig(text, source.file, source.env)
        lastText = text
      } catch (err) {
        metrics.configReloads.inc({ result: 'failure' })
        if (!(err instanceof ConfigError)) {
          // A bug in loading must not take down a gateway that is serving well.
          logger.error({ trigger, config: source.file, err }, 'config reload failed unexpectedly, the previous config keeps serving')
          return { result: 'failure', message: 'unexpected error while loading the config' }
        }
        logger.error({ trigger, config: source.file, problems: err.issues.length }, `config reload refused, the previous config keeps serving:\n${err.message}`)
        return { result: 'failure', message: err.message }
      }
      const previous = config
      config = next
      metrics.configReloads.inc({ result: 'success' })
      metrics.configLastReloadSuccess.set(Date.now() / 1000)
      for (const warning of next.warnings) if (!previous.warnings.includes(warning)) logger.warn(warning)
      if (next.server.port !== previous.server.port || next.server.host !== previous.server.host) {
        logger.warn({ host: next.server.host, port: next.server.port }, 'server.host and server.port apply at start-up only: restart to listen elsewhere')
      }
      logger.info({ trigger, config: source.file, routes: next.routes.size, providers: next.providers.size }, 'config reloaded')
      options.onSwap?.(next, previous)
      return { result: 'success', config: next }
    },
  }
}

function safeRead(file: string): string | undefined {
  try {
    return readConfigText(file)
  } catch {
    return undefined
  }
}
