import type { Config, DeploymentConfig, RouteConfig } from '../config/types.js'
import type { GatewayDeps } from '../deps.js'
import { GatewayError, toGatewayError } from '../errors/gateway-error.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { attemptLink, deadlineError, type AttemptLink } from './attempt-link.js'
import type { AttemptTarget } from './attempt-target.js'
import { backoffDelayMs, waitOrAbort } from './backoff.js'
import { countsAgainstDeployment } from './cooldowns.js'
import { labelsFor } from './labels.js'
import { orderDeployments } from './pick.js'

export interface Executed<T> {
  value: T
  target: AttemptTarget
  /** Upstream attempts made, fallbacks included. */
  attempts: number
  /** The alias that answered, when a fallback did (else undefined). */
  fallback: string | undefined
  /** Aborts this attempt's upstream request; released by `done`. */
  link: AttemptLink
  /**
   * Call exactly once when the answer has ended: frees the deployment's in-flight slot and the
   * attempt's timers, counts its tokens against tpm, and a failure after commit against its health.
   */
  done(outcome: AttemptOutcome): void
}

export interface AttemptOutcome {
  /** Prompt plus completion tokens the answer used, when known. */
  tokens?: number
  /** Set when the answer failed after it was committed (a stream cut mid-way). */
  error?: GatewayError
}

/** What the executor did, readable even when it throws (for the answer headers and metrics). */
export interface ExecuteTrace {
  attempts: number
}

export interface ExecuteOptions {
  requestId: string
  /** The client's signal: aborted when it disconnects. */
  signal: AbortSignal
  /** Whether the answer is a stream: its first token has a deadline of its own. */
  stream: boolean
  trace: ExecuteTrace
}

/** The routes a request may be served by, in order: its own, its fallbacks, the server's. */
function fallbackChain(config: Config, route: RouteConfig): RouteConfig[] {
  const chain = [route]
  for (const name of [...route.fallbacks, ...config.server.fallbacks]) {
    const next = config.routes.get(name)
    if (next !== undefined && !chain.includes(next)) chain.push(next)
  }
  return chain
}

/**
 * The one attempt loop. Routes in order (the requested one, then fallbacks); within a route,
 * deployments in the strategy's order, skipping those cooling down or at their rpm/tpm limit,
 * untried ones before a second go at one already tried (which first waits its backoff or the
 * upstream's Retry-After). A retryable failure moves on; `retries + 1` attempts per route. A
 * context_length_exceeded switches to the route's context-window fallbacks. An attempt
 * "succeeds" once its answer is committed (a JSON body read, or a stream's first real event),
 * so nothing is retried after the client has seen output. No recursion: fallbacks are a flat list.
 */
export async function execute<T>(
  deps: GatewayDeps,
  route: RouteConfig,
  options: ExecuteOptions,
  attemptFn: (target: AttemptTarget) => Promise<T>,
): Promise<Executed<T>> {
  const config = deps.config()
  const { metrics } = deps
  const { stats, cooldowns, limits } = deps.routing
  const { cooldown, backoff } = config.server
  const trace = options.trace
  let chain = fallbackChain(config, route)
  let lastError: GatewayError | undefined

  try {
    for (let ci = 0; ci < chain.length; ci++) {
      const current = chain[ci]!
      if (ci > 0) metrics.fallbacks.inc({ from: route.label, to: current.label })
      const order = orderDeployments(current, stats)
      const tried = new Map<string, number>()
      const lastFailure = new Map<string, GatewayError>()
      /** Deployments not to try again in this route (unconfigured, or asked for a longer wait than we give). */
      const unusable = new Set<string>()
      let skipped: GatewayError | undefined

      /** The next deployment to try and whether it is a half-open probe, or undefined when none may be tried. */
      const next = async (): Promise<{ deployment: DeploymentConfig; probe: boolean } | undefined> => {
        const fresh = order.filter((d) => !tried.has(d.id))
        const again = order.filter((d) => tried.has(d.id)).sort((a, b) => tried.get(a.id)! - tried.get(b.id)!)
        for (const d of [...fresh, ...again]) {
          if (unusable.has(d.id)) continue
          const provider = config.providers.get(d.provider)
          if (provider !== undefined && provider.missingEnv.length > 0) {
            unusable.add(d.id)
            lastError = new GatewayError(
              'unavailable',
              `Provider '${provider.name}' is not configured: set the environment variable ${provider.missingEnv.join(', ')} and reload.`,
              { provider: provider.name, code: 'provider_not_configured' },
            )
            metrics.upstreamErrors.inc({ ...labelsFor(route, d), kind: 'unconfigured' })
            continue
          }
          const round = tried.get(d.id) ?? 0
          if (round > 0) {
            const wait = backoffDelayMs(backoff, round, lastFailure.get(d.id))
            if (wait === undefined) {
              unusable.add(d.id)
              continue
            }
            await waitOrAbort(wait, options.signal)
          }
          const gate = await admit(d)
          if (gate === true) return { deployment: d, probe: false }
          if (gate === 'probe') return { deployment: d, probe: true }
          skipped = pickSkipError(skipped, gate)
        }
        return undefined
      }

      /** Circuit first (a read), then limits (which spend a request slot). A store failure lets the request through: routing must not fail because shared state is unreachable. */
      const admit = async (d: DeploymentConfig): Promise<true | 'probe' | GatewayError> => {
        try {
          const circuit = await cooldowns.admit(d, cooldown)
          if (!circuit.ok) return skipError(current, 'cooling', circuit.retryAfterMs)
          const limit = await limits.acquire(d)
          if (!limit.ok) return skipError(current, limit.limit, limit.retryAfterMs)
          return circuit.probe ? 'probe' : true
        } catch (err) {
          deps.logger.warn({ requestId: options.requestId, deployment: d.id, err }, 'state store failed; routing without cooldowns and limits')
          return true
        }
      }

      for (let routeAttempts = 0; routeAttempts <= current.retries; routeAttempts++) {
        const picked = await next()
        if (picked === undefined) break
        const { deployment, probe } = picked
        const provider = config.providers.get(deployment.provider)
        const adapter = provider === undefined ? undefined : deps.adapters(provider.kind)
        if (provider === undefined || adapter === undefined) throw new GatewayError('internal', `No adapter for deployment '${deployment.id}'.`)
        const labels = labelsFor(route, deployment)
        trace.attempts++
        tried.set(deployment.id, (tried.get(deployment.id) ?? 0) + 1)
        if (trace.attempts > 1) metrics.retries.inc(labels)

        const link = attemptLink(options.signal, current.timeouts, provider.name, options.stream)
        const target: AttemptTarget = {
          route: current,
          deployment,
          provider,
          adapter,
          attempt: trace.attempts,
          signal: link.signal,
          callCtx: { provider, model: deployment.model, requestId: options.requestId, dropParams: current.dropParams, dropped: [] },
        }
        stats.begin(deployment.id)
        const started = performance.now()
        await guarded(deps, () => cooldowns.attempted(deployment, cooldown))
        try {
          const value = await attemptFn(target)
          link.committed()
          stats.observeLatency(deployment.id, performance.now() - started)
          await guarded(deps, () => cooldowns.succeeded(deployment, probe))
          if (target.callCtx.dropped.length > 0) {
            deps.logger.info({ requestId: options.requestId, provider: provider.name, dropped: target.callCtx.dropped }, 'dropped parameters the provider cannot honour')
          }
          let finished = false
          const done = (outcome: AttemptOutcome) => {
            if (finished) return
            finished = true
            link.release()
            stats.end(deployment.id)
            if (outcome.tokens !== undefined) void guarded(deps, () => limits.addTokens(deployment, outcome.tokens!))
            if (outcome.error !== undefined && countsAgainstDeployment(outcome.error)) void guarded(deps, () => cooldowns.failed(deployment, cooldown, outcome.error!, false))
          }
          return { value, target, attempts: trace.attempts, fallback: ci > 0 ? current.name : undefined, link, done }
        } catch (err) {
          const timedOut = deadlineError(link.signal)
          link.abort()
          link.release()
          stats.end(deployment.id)
          if (options.signal.aborted || (err instanceof AbortedError && timedOut === undefined)) throw new AbortedError()
          const error = err instanceof GatewayError ? err : (timedOut ?? toGatewayError(err))
          lastError = error
          lastFailure.set(deployment.id, error)
          if (error.kind === 'internal') {
            deps.logger.error({ requestId: options.requestId, provider: provider.name, err: error.detail.cause }, 'internal error during upstream attempt')
          }
          // Errors the client caused (a bad parameter) never reach an upstream: not an upstream error.
          if (error.detail.upstreamStatus !== undefined || error.retryable) metrics.upstreamErrors.inc({ ...labels, kind: error.kind })
          if (countsAgainstDeployment(error)) {
            // A slow failure should not look fast to the latency strategy.
            stats.observeLatency(deployment.id, Math.max(performance.now() - started, current.timeouts.ttftMs))
            await guarded(deps, () => cooldowns.failed(deployment, cooldown, error, probe))
          } else if (probe) {
            // The deployment answered (the request was at fault): it is healthy again.
            await guarded(deps, () => cooldowns.succeeded(deployment, true))
          }
          if (error.kind === 'context_length' && current.contextWindowFallbacks.length > 0) {
            // A longer context is not found by retrying here: the rest of the chain becomes
            // this route's context-window fallbacks.
            chain = [...chain.slice(0, ci + 1), ...current.contextWindowFallbacks.map((n) => config.routes.get(n)).filter((r): r is RouteConfig => r !== undefined && !chain.slice(0, ci + 1).includes(r))]
            break
          }
          if (!error.retryable) throw error
        }
      }
      if (skipped !== undefined && (lastError === undefined || tried.size === 0)) lastError = skipped
    }
    throw lastError ?? new GatewayError('unavailable', `No deployment of '${route.name}' could be tried.`)
  } finally {
    if (trace.attempts > 0) metrics.attemptsPerRequest.observe({ route: route.label }, trace.attempts)
  }
}

/** Runs a state-store write whose failure must not fail the request (it is logged). */
async function guarded(deps: GatewayDeps, fn: () => Promise<void>): Promise<void> {
  try {
    await fn()
  } catch (err) {
    deps.logger.warn({ err }, 'state store failed; cooldown or limit bookkeeping skipped')
  }
}

/** The error a client gets when every deployment of a route was skipped. */
function skipError(route: RouteConfig, why: 'cooling' | 'rpm' | 'tpm', retryAfterMs: number): GatewayError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  if (why === 'cooling') {
    return new GatewayError('unavailable', `Every deployment of '${route.name}' is cooling down after repeated upstream failures; retry after ${retryAfterSeconds} s.`, {
      code: 'no_healthy_deployment',
      retryAfterSeconds,
    })
  }
  return new GatewayError('rate_limited', `Every deployment of '${route.name}' is at its ${why} limit; retry after ${retryAfterSeconds} s.`, {
    code: 'deployment_limit_reached',
    retryAfterSeconds,
  })
}

/** Of two skip reasons, the one the client can act on soonest (a limit before a cooldown, then the shorter wait). */
function pickSkipError(a: GatewayError | undefined, b: GatewayError): GatewayError {
  if (a === undefined) return b
  if (a.kind !== b.kind) return a.kind === 'rate_limited' ? a : b
  return (b.detail.retryAfterSeconds ?? 0) < (a.detail.retryAfterSeconds ?? 0) ? b : a
}
