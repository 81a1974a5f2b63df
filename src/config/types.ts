/**
 * The resolved, frozen configuration. `load.ts` builds it from routes.yaml (yaml → env
 * interpolation → ajv → this); nothing else reads the file or the environment.
 */
import type { LogLevel } from '../logging/logger.js'
import type { ResolvedOptions } from '../providers/provider-module.js'
import type { ProviderKind, ProviderOptionsOf } from '../providers/registry.js'
import type { Capabilities } from '../providers/types.js'

/**
 * A provider's kind-specific settings (snake_case, as routes.yaml names them), resolved and
 * defaulted by its kind's module. Typed per kind for the adapters (`ProviderConfig<'bedrock'>`);
 * for any kind, readable as a record.
 */
export type ProviderOptions<K extends ProviderKind = ProviderKind> = ResolvedOptions<ProviderOptionsOf<K>>

export interface ProviderConfig<K extends ProviderKind = ProviderKind> {
  /** The name the user chose in routes.yaml (`groq`). Safe for logs and metric labels. */
  name: string
  kind: K
  /** Base URL with no trailing slash; each kind has a default. */
  baseUrl: string
  /** The resolved secret. Never logged, never rendered, never a label. */
  apiKey?: string
  /** Environment variables this provider references that were unset at load time. */
  missingEnv: string[]
  /** Extra headers sent on every upstream request. */
  headers: Readonly<Record<string, string>>
  /** Models the user declared for this provider (listed in /v1/models, allowed as metric labels). */
  models: readonly string[]
  /** Kind-specific settings, e.g. `api_version`, `region`, `ttft_ms`: see ProviderOptions. */
  options: ProviderOptions<K>
  /** Capability overrides for every model of this provider. */
  capabilities?: Partial<Capabilities>
  /** Most upstream connections open at once (per origin), when written; the upstream client has the default. */
  maxConnections?: number
}

export interface DeploymentConfig {
  /** Stable id, unique in the config: `<provider>/<model>` plus `#n` when repeated. Used as a metric label. */
  id: string
  /** `provider/model` as written. */
  target: string
  /**
   * A direct `provider/model` request for a model the config does not name: its metric labels
   * are bounded (`provider/*`, model `other`), since the client chose the name.
   */
  undeclared?: true
  provider: string
  model: string
  weight: number
  /** Requests per minute this deployment may take (routing issue). */
  rpm?: number
  /** Tokens per minute this deployment may take (routing issue). */
  tpm?: number
  /** Price override from routes.yaml; the shipped table applies when absent. */
  price?: Price
  capabilities?: Partial<Capabilities>
  /** Provider options sent with every request (routes.yaml `params:`), checked against the kind's options. */
  params?: Readonly<Record<string, unknown>>
  deprecated?: Deprecation
}

/** A model on its way out (routes.yaml `deprecated:`). Dates are epoch milliseconds. */
export interface Deprecation {
  since?: number
  sunset?: number
  /** An alias. */
  successor?: string
  message?: string
  afterSunset: 'refuse' | 'redirect'
}

export type Strategy = 'weighted' | 'ordered' | 'least-busy' | 'latency'

export interface Timeouts {
  connectMs: number
  /** Time to the first token of a stream (or to the answer's headers when not streaming). */
  ttftMs: number
  /** Longest gap between two chunks of a stream. */
  idleMs: number
  totalMs: number
  /** Interval of SSE keep-alive comments while a stream waits for its first token; 0 = none. */
  keepaliveMs: number
}

/** When a deployment is taken out of rotation (circuit breaking), and for how long. */
export interface CooldownPolicy {
  /** Failed attempts within `windowMs` needed before the ratio is considered. */
  minFailures: number
  /** Share of failed attempts within `windowMs` that takes the deployment out. */
  failureRatio: number
  windowMs: number
  /** How long it stays out (an upstream 429's Retry-After, when longer, wins). */
  durationMs: number
}

/** See `tool_validation` in src/config/schema/tool-validation.ts. */
export type ToolValidationMode = 'off' | 'annotate' | 'retry' | 'reject'

export interface ToolValidation {
  mode: ToolValidationMode
  /** Under `retry`: further asks on the same deployment after an invalid answer. */
  retries: number
}

/** Waits between attempts at a deployment already tried in this request. */
export interface BackoffPolicy {
  /** First wait; doubles on each further round (full jitter). */
  baseMs: number
  /** Longest wait: a Retry-After beyond it is not waited for, the attempt goes elsewhere or fails. */
  maxMs: number
}

export interface RouteConfig {
  /** The alias (`chat`) or, for a direct `provider/model` request, that string. */
  name: string
  /** The metric label for this route: the alias, or `provider/model` when declared, else `provider/*`. */
  label: string
  /** True for a route written under `models:`; false for a direct `provider/model` request. */
  alias: boolean
  deployments: readonly DeploymentConfig[]
  strategy: Strategy
  retries: number
  fallbacks: readonly string[]
  contextWindowFallbacks: readonly string[]
  timeouts: Timeouts
  /** Drop parameters a provider cannot honour instead of refusing them. */
  dropParams: boolean
  /** What is done with tool calls and structured outputs that break their schemas. */
  toolValidation: ToolValidation
  /** Answers are served from the response cache (alias routes with `cache: true`). */
  cache?: boolean
  deprecated?: Deprecation
}

/** USD per million tokens. */
export interface Price {
  input: number
  output: number
  /** Prompt tokens read from the provider's prompt cache. */
  cachedInput: number
}

/** A virtual key (or the master key, which has no limits and every model). */
export interface KeyConfig {
  /** Safe for logs and the `key` metric label. */
  name: string
  /** Whether the client may request this model (as it named it). */
  allows(model: string): boolean
  /** The globs as written, for messages. */
  models: readonly string[] | undefined
  rpm?: number
  tpm?: number
  maxBudgetUsd?: number
  budgetPeriodMs: number
}

export interface AuthConfig {
  /** Hex SHA-256 of the master key; undefined when none is set. */
  masterKeyHash?: string
  /** Virtual keys by the hex SHA-256 of the key. */
  keys: ReadonlyMap<string, KeyConfig>
  /** /metrics and /health/* need a key too. */
  protectMetrics: boolean
}

export interface StateConfig {
  backend: 'memory' | 'redis'
  url?: string
  failOpen: boolean
  prefix: string
}

export interface CacheConfig {
  ttlMs: number
  maxEntries: number
}

/** Cross-origin requests from browsers (`server.cors`). */
export interface CorsConfig {
  /** Origins allowed to call the gateway from a browser page; `*` allows any. Empty: CORS is off. */
  allowOrigins: readonly string[]
}

/** Bounds on what an upstream may send (`server.upstream_limits`); past one, the attempt fails as an upstream error. */
export interface UpstreamLimits {
  /** Largest non-streamed answer body, in bytes. */
  maxBodyBytes: number
  /** Largest single stream event: an SSE event, an NDJSON line, an AWS event-stream message. */
  maxEventBytes: number
  /** Largest upstream error body read; the rest is not read. */
  maxErrorBodyBytes: number
}

/** Stored responses of the Responses API (see routes.schema.json `responses`). */
export interface ResponsesConfig {
  retentionMs: number
  /** Memory backend: most responses kept (least recently used dropped first). */
  maxEntries: number
  /** Largest stored response with its input, in bytes of JSON. */
  maxEntryBytes: number
}

export interface ServerConfig {
  port: number
  /**
   * The address to listen on: `server.host`, else 127.0.0.1 while the gateway is open (no
   * master key, no virtual keys) and 0.0.0.0 once it needs a key. `--host` and HOST win over it.
   */
  host: string
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number
  /** Defaults for every route. */
  timeouts: Timeouts
  retries: number
  toolValidation: ToolValidation
  /** Reload routes.yaml when the file changes. */
  watchConfig: boolean
  /** How long in-flight requests may finish after SIGTERM before the process exits. */
  shutdownGraceMs: number
  /** How long readiness reports "shutting down" before the listener closes. */
  shutdownDelayMs: number
  logLevel: LogLevel
  /** Log prompt messages and non-streamed completions with each request line. */
  logContent: boolean
  /** Aliases tried, in order, after a route and its own fallbacks are exhausted. */
  fallbacks: readonly string[]
  cooldown: CooldownPolicy
  backoff: BackoffPolicy
  /** CORS; off (no origins) unless `server.cors.allow_origins` lists some. */
  cors: CorsConfig
  /** How long a client may take to send its whole request body, from the end of its headers. */
  bodyTimeoutMs: number
  upstreamLimits: UpstreamLimits
}

export type { LogLevel }

export interface Config {
  /** Path of the file this came from (for messages). */
  file: string
  server: ServerConfig
  providers: ReadonlyMap<string, ProviderConfig>
  /** Aliases declared under `models:`. */
  routes: ReadonlyMap<string, RouteConfig>
  auth: AuthConfig
  state: StateConfig
  cache: CacheConfig
  responses: ResponsesConfig
  /** Problems that do not stop the server (a provider's key variable unset, …). */
  warnings: readonly string[]
}
