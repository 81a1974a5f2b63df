/**
 * An open gateway (no master key, no virtual keys) lets anyone who reaches it spend its
 * provider keys. On loopback that is a developer's machine; anywhere else it deserves a warning.
 */
import type { Logger } from '../logging/logger.js'
import { isLoopback } from './loopback.js'
import type { Config } from './types.js'

export function isOpen(config: Config): boolean {
  return config.auth.masterKeyHash === undefined && config.auth.keys.size === 0
}

/** Warns (once, at start-up) when `config` is open and `host` is not a loopback address; says whether it did. */
export function warnIfOpen(logger: Logger, config: Config, host: string): boolean {
  if (!isOpen(config) || isLoopback(host)) return false
  logger.warn({ host }, `no server.master_key and no keys in the config, and listening on ${host}: /v1 is open to anyone who can reach this address`)
  return true
}
