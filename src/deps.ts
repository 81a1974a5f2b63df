import type { ResponseCache } from './cache/response-cache.js'
import type { Config } from './config/types.js'
import type { Logger } from './logging/logger.js'
import type { Metrics } from './metrics/metrics.js'
import type { AdapterRegistry } from './providers/registry.js'
import type { RoutingRuntime } from './routing/runtime.js'
import type { RecordStore } from './state/record-store.js'
import type { StateStore } from './state/store.js'
import type { UpstreamClient } from './upstream/client.js'
import type { SchemaValidators } from './validation/schema-validators.js'

/**
 * Everything the app needs, built at start-up and passed in (no module-level state), so a
 * test can build as many gateways as it likes.
 */
export interface GatewayDeps {
  /** The config in force; read once per request so a reload never changes a request midway. */
  config(): Config
  metrics: Metrics
  upstream: UpstreamClient
  logger: Logger
  adapters: AdapterRegistry
  /** Rate windows, spend and cached answers: per process (memory) or shared by replicas (redis). */
  state: StateStore
  /** Cooldowns and deployment limits (over `state`), and this replica's deployment stats. */
  routing: RoutingRuntime
  /** Answers kept for identical requests (routes with `cache: true`). */
  cache: ResponseCache
  /** Stored responses of the Responses API (config `responses:`). */
  records: RecordStore
  /** Client schemas (tool parameters, response formats) compiled once, for checking answers. */
  validators: SchemaValidators
  /** Wall-clock time in ms (Date.now, or a test's clock). */
  now(): number
}
