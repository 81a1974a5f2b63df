/**
 * Every metric the gateway exports: names, help texts, label sets and buckets in one place.
 * Label values come only from the configuration (route labels, provider names, configured
 * model ids) or from small closed sets, so clients cannot grow the series count.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { createValidationMetrics, type ValidationMetrics } from './validation-metrics.js'

/** Seconds; LLM time-to-first-token runs from tens of milliseconds to a minute for reasoning models. */
export const TTFT_BUCKETS = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60]
/** Seconds; whole requests, up to long generations. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600]
/** Completion tokens per second; local models ~10, hosted 50–200, fast inference chips into the thousands. */
export const TPS_BUCKETS = [1, 5, 10, 20, 30, 40, 50, 60, 75, 100, 125, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000]

const ROUTE_LABELS = ['route', 'provider', 'model'] as const

export interface Metrics {
  registry: Registry
  requests: Counter<'endpoint' | 'route' | 'provider' | 'model' | 'status' | 'stream'>
  duration: Histogram<'endpoint' | 'route' | 'provider' | 'model' | 'stream'>
  ttft: Histogram<'endpoint' | 'route' | 'provider' | 'model'>
  tokensPerSecond: Histogram<'endpoint' | 'route' | 'provider' | 'model' | 'stream'>
  tokens: Counter<'route' | 'provider' | 'model' | 'type'>
  upstreamErrors: Counter<'route' | 'provider' | 'model' | 'kind'>
  inFlight: Gauge<'endpoint'>
  spend: Counter<'route' | 'provider' | 'model' | 'key'>
  cacheRequests: Counter<'route' | 'result'>
  stateFailures: Counter<'operation'>
  stateUp: Gauge
  configReloads: Counter<'result'>
  configLastReloadSuccess: Gauge
  retries: Counter<'route' | 'provider' | 'model'>
  fallbacks: Counter<'from' | 'to'>
  /** Requests for a deprecated alias; phase: deprecated (served), redirected or refused (after its sunset). */
  deprecatedRequests: Counter<'route' | 'key' | 'phase'>
  cooldowns: Counter<'deployment' | 'provider' | 'model'>
  deploymentState: Gauge<'deployment' | 'provider' | 'model'>
  attemptsPerRequest: Histogram<'route'>
  /** `kind` is the error's blame (src/errors/gateway-error.ts): client, policy, upstream or gateway. */
  errors: Counter<'route' | 'kind'>
  validation: ValidationMetrics
  /** Requests that had to wait inside the gateway for a free upstream connection (the provider's pool was full). */
  upstreamWaits: Counter<'provider'>
  /** The upstream pools as the last scrape found them (see watchUpstream). */
  upstreamQueued: Gauge<'provider'>
  upstreamInFlight: Gauge<'provider'>
  upstreamConnections: Gauge<'provider'>
  /** Where the upstream gauges read from at scrape time: the upstream client, once it exists. */
  watchUpstream(source: () => readonly UpstreamPoolReading[]): void
}

/** One provider's upstream pool at scrape time. */
export interface UpstreamPoolReading {
  provider: string
  inFlight: number
  queued: number
  connected: number
}

/** `switchyard_deployment_state` values. */
export const DEPLOYMENT_STATE = { healthy: 0, halfOpen: 1, coolingDown: 2 } as const


export interface MetricsOptions {
  /** Collect Node process metrics (CPU, memory, event loop lag). On by default. */
  processMetrics?: boolean
  /** Prefix for process metrics; ours always start with `switchyard_`. */
  processPrefix?: string
}

/** Requests as the client sees them: count, duration, first token, speed, in flight, errors. */
function requestMetrics(registers: Registry[]): Pick<Metrics, 'requests' | 'duration' | 'ttft' | 'tokensPerSecond' | 'inFlight' | 'errors'> {
  return {
    requests: new Counter({
      name: 'switchyard_requests_total',
      help: 'Requests answered, by endpoint, route, provider, upstream model, HTTP status and whether streamed.',
      labelNames: ['endpoint', 'route', 'provider', 'model', 'status', 'stream'],
      registers,
    }),
    duration: new Histogram({
      name: 'switchyard_request_duration_seconds',
      help: 'Time from receiving a request to sending its last byte.',
      labelNames: ['endpoint', 'route', 'provider', 'model', 'stream'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    ttft: new Histogram({
      name: 'switchyard_time_to_first_token_seconds',
      help: 'Streaming requests: time from receiving the request to sending the first content token to the client, by front door (endpoint), route, provider and model.',
      labelNames: ['endpoint', ...ROUTE_LABELS],
      buckets: TTFT_BUCKETS,
      registers,
    }),
    tokensPerSecond: new Histogram({
      name: 'switchyard_tokens_per_second',
      help: 'Completion tokens per second of generation: after the first token when streaming, over the upstream time otherwise; by front door (endpoint), route, provider, model.',
      labelNames: ['endpoint', ...ROUTE_LABELS, 'stream'],
      buckets: TPS_BUCKETS,
      registers,
    }),
    inFlight: new Gauge({
      name: 'switchyard_in_flight_requests',
      help: 'Requests being handled right now, by front door (endpoint).',
      labelNames: ['endpoint'],
      registers,
    }),
    errors: new Counter({
      name: 'switchyard_errors_total',
      help: 'Errors the client received (HTTP errors and error events inside streams), by route and kind: client (bad request), policy (a gateway limit), upstream (the providers failed), gateway (a gateway bug).',
      labelNames: ['route', 'kind'],
      registers,
    }),
  }
}

/** What answers used: tokens, spend, the response cache. */
function usageMetrics(registers: Registry[]): Pick<Metrics, 'tokens' | 'spend' | 'cacheRequests'> {
  return {
    tokens: new Counter({
      name: 'switchyard_tokens_total',
      help: 'Tokens processed, by type (prompt or completion), as reported by the upstream (or counted when it reports none).',
      labelNames: [...ROUTE_LABELS, 'type'],
      registers,
    }),
    spend: new Counter({
      name: 'switchyard_spend_usd_total',
      help: 'Spend in USD computed from each answer\'s usage and price, by route, provider, model and key name (master, a virtual key\'s name, or none when the gateway is open).',
      labelNames: [...ROUTE_LABELS, 'key'],
      registers,
    }),
    cacheRequests: new Counter({
      name: 'switchyard_cache_requests_total',
      help: 'Requests to routes with the response cache on, by result (hit or miss; bypassed requests are misses).',
      labelNames: ['route', 'result'],
      registers,
    }),
  }
}

/** The attempt loop: upstream errors, retries, fallbacks, cooldowns, deployment health. */
function routingMetrics(registers: Registry[]): Pick<Metrics, 'upstreamErrors' | 'retries' | 'fallbacks' | 'deprecatedRequests' | 'cooldowns' | 'deploymentState' | 'attemptsPerRequest'> {
  return {
    upstreamErrors: new Counter({
      name: 'switchyard_upstream_errors_total',
      help: 'Failed upstream attempts, by error kind (rate_limited, upstream_error, unavailable, upstream_timeout, …).',
      labelNames: [...ROUTE_LABELS, 'kind'],
      registers,
    }),
    retries: new Counter({
      name: 'switchyard_retries_total',
      help: 'Upstream attempts after the first of a request, by the route requested and the deployment tried.',
      labelNames: [...ROUTE_LABELS],
      registers,
    }),
    fallbacks: new Counter({
      name: 'switchyard_fallbacks_total',
      help: 'Moves from an exhausted route to a fallback alias (from and to are route labels).',
      labelNames: ['from', 'to'],
      registers,
    }),
    deprecatedRequests: new Counter({
      name: 'switchyard_deprecated_requests_total',
      help: 'Requests for a deprecated alias, by alias, key and phase (deprecated: served; redirected or refused: after its sunset).',
      labelNames: ['route', 'key', 'phase'],
      registers,
    }),
    cooldowns: new Counter({
      name: 'switchyard_cooldowns_total',
      help: 'Times a deployment was taken out of rotation (repeated failures, or an upstream 429).',
      labelNames: ['deployment', 'provider', 'model'],
      registers,
    }),
    deploymentState: new Gauge({
      name: 'switchyard_deployment_state',
      help: 'Circuit state of a deployment as this replica last saw it: 0 healthy, 1 half-open (probing), 2 cooling down.',
      labelNames: ['deployment', 'provider', 'model'],
      registers,
    }),
    attemptsPerRequest: new Histogram({
      name: 'switchyard_attempts_per_request',
      help: 'Upstream attempts a request took, fallbacks included.',
      labelNames: ['route'],
      buckets: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      registers,
    }),
  }
}

/** The state store and the config. */
function operationMetrics(registers: Registry[]): Pick<Metrics, 'stateFailures' | 'stateUp' | 'configReloads' | 'configLastReloadSuccess'> {
  return {
    stateFailures: new Counter({
      name: 'switchyard_state_failures_total',
      help: 'Operations the shared state store (Redis) failed, by operation; each was served by local counting (fail_open) or refused.',
      labelNames: ['operation'],
      registers,
    }),
    stateUp: new Gauge({
      name: 'switchyard_state_up',
      help: '1 while the state store is reachable (always 1 for the memory backend), 0 while Redis is down.',
      registers,
    }),
    configReloads: new Counter({
      name: 'switchyard_config_reloads_total',
      help: 'Reloads of routes.yaml (file change or SIGHUP), by result: success, or failure (the old config keeps serving).',
      labelNames: ['result'],
      registers,
    }),
    configLastReloadSuccess: new Gauge({
      name: 'switchyard_config_last_reload_success_timestamp_seconds',
      help: 'Unix time at which the config in force was loaded (at start-up or by the last good reload). With --workers, the oldest among the workers.',
      // Summing timestamps across cluster workers means nothing; the oldest shows a worker that lags.
      aggregator: 'min',
      registers,
    }),
  }
}

/**
 * The upstream connection pools: waits counted as they happen, the gauges read from the
 * upstream client when /metrics is scraped (no per-request cost). Labels: configured provider
 * names only.
 */
function upstreamMetrics(registers: Registry[]): Pick<Metrics, 'upstreamWaits' | 'upstreamQueued' | 'upstreamInFlight' | 'upstreamConnections' | 'watchUpstream'> {
  let source: () => readonly UpstreamPoolReading[] = () => []
  const gauge = (name: string, help: string, read: (r: UpstreamPoolReading) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset()
        for (const r of source()) this.set({ provider: r.provider }, read(r))
      },
    })
  return {
    upstreamWaits: new Counter({
      name: 'switchyard_upstream_connection_waits_total',
      help: 'Upstream requests that had to wait inside the gateway for a free connection, because the provider already had max_connections open (per origin).',
      labelNames: ['provider'],
      registers,
    }),
    upstreamQueued: gauge('switchyard_upstream_queued_requests', 'Upstream requests waiting inside the gateway for a free connection right now, by provider.', (r) => r.queued),
    upstreamInFlight: gauge('switchyard_upstream_requests_in_flight', 'Upstream requests sent and not yet finished (streams included), by provider.', (r) => r.inFlight),
    upstreamConnections: gauge('switchyard_upstream_connections', 'Upstream connections open, by provider.', (r) => r.connected),
    watchUpstream: (next) => void (source = next),
  }
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry()
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: options.processPrefix ?? '' })
  const registers = [registry]
  return {
    registry,
    ...requestMetrics(registers),
    ...usageMetrics(registers),
    ...routingMetrics(registers),
    ...operationMetrics(registers),
    ...upstreamMetrics(registers),
    validation: createValidationMetrics(registers),
  }
}
