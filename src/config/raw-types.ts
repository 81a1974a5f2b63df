/**
 * routes.yaml as written, after schema validation: the TypeScript twin of routes.schema.json
 * (snake_case, everything optional that the schema leaves optional).
 */
import type { ProviderKind } from '../providers/types.js'
import type { LogLevel, Strategy } from './types.js'

export interface RawTimeouts {
  connect_ms?: number
  ttft_ms?: number
  idle_ms?: number
  total_ms?: number
  keepalive_ms?: number
}

export interface RawCooldown {
  min_failures?: number
  failure_ratio?: number
  window_ms?: number
  duration_ms?: number
}

export interface RawBackoff {
  base_ms?: number
  max_ms?: number
}

export interface RawCapabilities {
  tools?: boolean
  vision?: boolean
  json_schema?: boolean
  streaming?: boolean
  embeddings?: boolean
  context_window?: number
  max_output_tokens?: number
}

export interface RawServer {
  port?: number
  host?: string
  max_body_bytes?: number
  retries?: number
  timeouts?: RawTimeouts
  master_key?: string
  protect_metrics?: boolean
  watch_config?: boolean
  shutdown_grace_ms?: number
  shutdown_delay_ms?: number
  log_level?: LogLevel
  log_content?: boolean
  fallbacks?: string[]
  cooldown?: RawCooldown
  backoff?: RawBackoff
}

export interface RawPrice {
  input: number
  output: number
  cached_input?: number
}

export interface RawKey {
  name: string
  hash: string
  models?: string[]
  rpm?: number
  tpm?: number
  max_budget_usd?: number
  budget_period?: string
}

export interface RawState {
  backend?: 'memory' | 'redis'
  url?: string
  fail_open?: boolean
  prefix?: string
}

export interface RawCache {
  ttl_seconds?: number
  max_entries?: number
}

export interface RawResponses {
  retention_seconds?: number
  max_entries?: number
  max_entry_bytes?: number
}

export interface RawProvider {
  kind: ProviderKind
  base_url?: string
  api_key?: string
  headers?: Record<string, string>
  models?: string[]
  capabilities?: RawCapabilities
  // azure
  api_version?: string
  // bedrock
  region?: string
  access_key_id?: string
  secret_access_key?: string
  session_token?: string
  // fake
  ttft_ms?: number
  tokens_per_second?: number
  embedding_dimensions?: number
}

export interface RawDeployment {
  target: string
  weight?: number
  rpm?: number
  tpm?: number
  price?: RawPrice
  capabilities?: RawCapabilities
}

export interface RawRoute {
  deployments: RawDeployment[]
  strategy?: Strategy
  retries?: number
  fallbacks?: string[]
  context_window_fallbacks?: string[]
  timeouts?: RawTimeouts
  drop_params?: boolean
  cache?: boolean
}

export interface RawFile {
  server?: RawServer
  providers: Record<string, RawProvider>
  models?: Record<string, string | RawRoute>
  keys?: RawKey[]
  state?: RawState
  cache?: RawCache
  responses?: RawResponses
}

/** The provider keys that hold secrets: an unset variable there leaves the provider unusable, not the file invalid. */
export const SECRET_PROVIDER_KEYS: ReadonlySet<string> = new Set(['api_key', 'access_key_id', 'secret_access_key', 'session_token'])

/** The provider keys every kind takes; the rest are kind-specific and go to `ProviderConfig.options`. */
export const COMMON_PROVIDER_KEYS: ReadonlySet<string> = new Set(['kind', 'base_url', 'api_key', 'headers', 'models', 'capabilities'])
