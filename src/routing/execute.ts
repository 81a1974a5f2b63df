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
import { redactUpstreamError } from './send.js'
import { skipError, pickSkipError, type SkipReason } from './skip-error.js'

/** An attempt whose answer is committed: the caller owns it until it calls `release`, exactly once. */
export interface Executed<T> {
  value: T
  target: AttemptTarget
  /** Upstream attempts made, fallbacks included. */
  attempts: number
  /** The alias that answered, when a fallback did (else undefined). */
  fallback: string | undefined
  /** Aborted when the attempt is released unfinished (also the attempt's own deadlines). */
  signal: AbortSignal
  /**
   * Ends the attempt: frees its deployment slot and timers, aborts its upstream request unless
   * it finished, counts its tokens against tpm and a failure after commit against its health.
   */
  release(outcome: AttemptOutcome): void
}

export interface AttemptOutcome {
  /** The answer reached its end (nothing to abort upstream). */
  finished: boolean
  /** Prompt plus completion tokens the answer used, when known. */
  tokens?: number
  /** Set when the answer failed after it was committed (a stream cut mid-way). */
  error?: GatewayError
}

/** What execution gave: a committed attempt, or the error the client gets and how many attempts were made. */
export type Execution<T> = { ok: true; executed: Executed<T> } | { ok: false; error: unknown; attempts: number }

export interface ExecuteInput<T> {
  /** The config snapshot of the request: one config from its first byte to its last. */
  config: Config
  /** The route, already limited to deployments that can serve the request. */
  route: RouteConfig
  requestId: string
  /** The client's signal: aborted when it disconnects. */
  signal: AbortSignal
  /** Whether the answer is a stream: its first token has a deadline of its own. */
  stream: boolean
  /** One attempt at one deployment; resolves once the answer is committed. */
  attempt(target: AttemptTarget): Promise<T>
  /**
   * A fallback route limited to the deployments that can take the request (capabilities), or
   * undefined when none can: the route is then left out of the chain. Absent: fallbacks as written.
   */
  eligible?(route: RouteConfig): RouteConfig | undefined
}

type ExecuteDeps = Pick<GatewayDeps, 'metrics' | 'logger' | 'adapters' | 'routing'>

/**
 * The one attempt loop. Routes in order (the requested one, then fallbacks); within a route,
 * deployments in the strategy's order, skipping those cooling down or at their rpm/tpm limit,
 * untried ones before a second go at one already tried (which first waits its backoff or the
 * upstream's Retry-After). A retryable failure moves on; `retries + 1` attempts per route. A
 * context_length_exceeded switches to the route's context-window fallbacks. An attempt
 * succeeds once its answer is committed (a JSON body read, or a stream's first real event), so
 * nothing is retried after the client has seen output. No recursion: fallbacks are a flat list.
 */
export async function execute<T>(deps: ExecuteDeps, input: ExecuteInput<T>): Promise<Execution<T>> {
  const run: Run = { attempts: 0, lastError: undefined, chain: fallbackChain(input, [...input.route.fallbacks, ...input.config.server.fallbacks], [input.route]) }
  try {
    for (let ci = 0; ci < run.chain.length; ci++) {
      const current = run.chain[ci]!
      if (ci > 0) deps.metrics.fallbacks.inc({ from: input.route.label, to: current.label })
      const executed = await runRoute(deps, input, run, current, ci > 0 ? current.name : undefined)
      if (executed !== undefined) return { ok: true, executed }
    }
    return { ok: false, error: run.lastError ?? new GatewayError('unavailable', `No deployment of '${input.route.name}' could be tried.`), attempts: run.attempts }
  } catch (err) {
    return { ok: false, error: err, attempts: run.attempts }
  } finally {
    if (run.attempts > 0) deps.metrics.attemptsPerRequest.observe({ route: input.route.label }, run.attempts)
  }
}

/** The loop's state across routes. */
interface Run {
  attempts: number
  lastError: GatewayError | undefined
  chain: RouteConfig[]
}

/**
 * The routes a request may be served by, in order: those done, then the named fallbacks (the
 * route's, then the server's), each once and narrowed to deployments that can take the request.
 */
function fallbackChain<T>(input: ExecuteInput<T>, names: readonly string[], done: RouteConfig[]): RouteConfig[] {
  const chain = [...done]
  const seen = new Set(done.map((r) => r.name))
  for (const name of names) {
    const next = input.config.routes.get(name)
    if (next === undefined || seen.has(name)) continue
    seen.add(name)
    const narrowed = input.eligible === undefined ? next : input.eligible(next)
    if (narrowed !== undefined) chain.push(narrowed)
  }
  return chain
}

/** One route's deployments, up to `retries + 1` attempts: the committed attempt, or undefined to go on. */
async function runRoute<T>(deps: ExecuteDeps, input: ExecuteInput<T>, run: Run, current: RouteConfig, fallback: string | undefined): Promise<Executed<T> | undefined> {
  const picker = createPicker(deps, input, current)
  for (let routeAttempts = 0; routeAttempts <= current.retries; routeAttempts++) {
    const picked = await picker.next(run)
    if (picked === undefined) break
    run.attempts++
    picker.tried(picked.deployment)
    const result = await tryDeployment(deps, input, run, current, picked)
    if (result.ok) return { ...result.executed, fallback }
    const error = result.error
    run.lastError = error
    picker.failed(picked.deployment, error)
    if (error.kind === 'context_length' && current.contextWindowFallbacks.length > 0) {
      // A longer context is not found by retrying here: the rest of the chain becomes this
      // route's context-window fallbacks.
      run.chain = fallbackChain(input, current.contextWindowFallbacks, run.chain.slice(0, run.chain.indexOf(current) + 1))
      return undefined
    }
    const successor = retiredSuccessor(error, picked.deployment, current)
    if (successor !== undefined) {
      // The upstream retired this snapshot: its successor serves the rest of the request.
      run.chain = fallbackChain(input, [successor], run.chain.slice(0, run.chain.indexOf(current) + 1))
      return undefined
    }
    // Not retryable: the request itself is at fault, and no other deployment or route will fix it.
    if (!error.retryable) throw error
  }
  const skipped = picker.skipped()
  if (skipped !== undefined && (run.lastError === undefined || picker.triedNone())) run.lastError = skipped
  return undefined
}

/** The alias that replaces a model the upstream no longer knows (404 model_not_found), when routes.yaml names one. */
function retiredSuccessor(error: GatewayError, deployment: DeploymentConfig, route: RouteConfig): string | undefined {
  if (error.kind !== 'not_found' || error.detail.upstreamStatus !== 404) return undefined
  return deployment.deprecated?.successor ?? route.deprecated?.successor
}

interface Picked {
  deployment: DeploymentConfig
  /** The half-open probe of a deployment whose cooldown ended. */
  probe: boolean
}

interface Picker {
  /** The next deployment to try (after its backoff, when it is a second go), or undefined when none may be tried. */
  next(run: Run): Promise<Picked | undefined>
  tried(d: DeploymentConfig): void
  failed(d: DeploymentConfig, error: GatewayError): void
  /** Why deployments were skipped (cooling down, at a limit): the client's error when nothing was tried. */
  skipped(): GatewayError | undefined
  triedNone(): boolean
}

/**
 * The order a route's deployments are tried in: the strategy's order, untried ones first, then
 * second goes in order of fewest tries; deployments of unconfigured providers, and those that
 * asked for a longer wait than the backoff allows, are not tried again in this route.
 */
function createPicker<T>(deps: ExecuteDeps, input: ExecuteInput<T>, route: RouteConfig): Picker {
  const { cooldowns, limits, stats } = deps.routing
  const { cooldown, backoff } = input.config.server
  const order = orderDeployments(route, stats)
  const tries = new Map<string, number>()
  const lastFailure = new Map<string, GatewayError>()
  const unusable = new Set<string>()
  let skipped: GatewayError | undefined

  /** Circuit first (a read), then limits (which spend a request slot). */
  const admit = async (d: DeploymentConfig): Promise<Picked | SkipReason> => {
    const circuit = await cooldowns.admit(d, cooldown)
    if (!circuit.ok) return { why: circuit.why, retryAfterMs: circuit.retryAfterMs }
    const limit = await limits.acquire(d)
    if (!limit.ok) return { why: limit.limit, retryAfterMs: limit.retryAfterMs }
    return { deployment: d, probe: circuit.probe }
  }

  /**
   * Every deployment cooling down after failures (none rate-limited or at its own limit): the one
   * whose cooldown ends first is probed now rather than the request refused, so a route with one
   * deployment is not shut for a whole cooldown by a short burst of failures.
   */
  const cooling: { d: DeploymentConfig; retryAfterMs: number }[] = []
  let onlyCooling = true
  const earlyProbe = async (): Promise<Picked | undefined> => {
    const soonest = cooling.sort((a, b) => a.retryAfterMs - b.retryAfterMs)[0]?.d
    cooling.length = 0
    if (soonest === undefined || !(await cooldowns.earlyProbe(soonest, cooldown))) return undefined
    const limit = await limits.acquire(soonest)
    return limit.ok ? { deployment: soonest, probe: true } : undefined
  }

  return {
    async next(run) {
      onlyCooling = true
      const fresh = order.filter((d) => !tries.has(d.id))
      const again = order.filter((d) => tries.has(d.id)).sort((a, b) => (tries.get(a.id) ?? 0) - (tries.get(b.id) ?? 0))
      for (const d of [...fresh, ...again]) {
        if (unusable.has(d.id)) continue
        const unconfigured = unconfiguredError(input.config, d)
        if (unconfigured !== undefined) {
          unusable.add(d.id)
          run.lastError = unconfigured
          deps.metrics.upstreamErrors.inc({ ...labelsFor(input.route, d), kind: 'unconfigured' })
          continue
        }
        const round = tries.get(d.id) ?? 0
        if (round > 0) {
          const wait = backoffDelayMs(backoff, round, lastFailure.get(d.id))
          if (wait === undefined) {
            unusable.add(d.id)
            continue
          }
          await waitOrAbort(wait, input.signal)
        }
        const gate = await admit(d)
        if ('deployment' in gate) return gate
        if (gate.why === 'cooling') cooling.push({ d, retryAfterMs: gate.retryAfterMs })
        else onlyCooling = false
        skipped = pickSkipError(skipped, skipError(route, gate))
      }
      return onlyCooling && tries.size === 0 ? earlyProbe() : undefined
    },
    tried: (d) => void tries.set(d.id, (tries.get(d.id) ?? 0) + 1),
    failed: (d, error) => void lastFailure.set(d.id, error),
    skipped: () => skipped,
    triedNone: () => tries.size === 0,
  }
}

/** A provider whose key variable was unset when the config loaded cannot be tried. */
function unconfiguredError(config: Config, d: DeploymentConfig): GatewayError | undefined {
  const provider = config.providers.get(d.provider)
  if (provider === undefined || provider.missingEnv.length === 0) return undefined
  return new GatewayError('unavailable', `Provider '${provider.name}' is not configured: set the environment variable ${provider.missingEnv.join(', ')} and reload.`, {
    provider: provider.name,
    code: 'provider_not_configured',
    blame: 'gateway',
  })
}

type Tried<T> = { ok: true; executed: Omit<Executed<T>, 'fallback'> } | { ok: false; error: GatewayError }

/** One attempt at one deployment, with its bookkeeping: stats, cooldowns, metrics. */
async function tryDeployment<T>(deps: ExecuteDeps, input: ExecuteInput<T>, run: Run, route: RouteConfig, picked: Picked): Promise<Tried<T>> {
  const { deployment, probe } = picked
  const { stats, cooldowns } = deps.routing
  const { cooldown } = input.config.server
  const provider = input.config.providers.get(deployment.provider)
  const adapter = provider === undefined ? undefined : deps.adapters(provider.kind)
  // The config validated every deployment's provider, and one request reads one config.
  if (provider === undefined || adapter === undefined) throw new GatewayError('internal', `No adapter for deployment '${deployment.id}'.`)
  const labels = labelsFor(input.route, deployment)
  if (run.attempts > 1) deps.metrics.retries.inc(labels)
  const link = attemptLink(input.signal, route.timeouts, provider.name, input.stream)
  const target: AttemptTarget = {
    route,
    deployment,
    provider,
    adapter,
    attempt: run.attempts,
    signal: link.signal,
    limits: input.config.server.upstreamLimits,
    callCtx: { provider, model: deployment.model, requestId: input.requestId, dropParams: route.dropParams, dropped: [] },
    firstToken: link.committed,
  }
  stats.begin(deployment.id)
  const started = performance.now()
  await bookkeeping(deps, () => cooldowns.attempted(deployment, cooldown))
  try {
    const value = await input.attempt(target)
    link.committed()
    stats.observeLatency(deployment.id, performance.now() - started)
    await bookkeeping(deps, () => cooldowns.succeeded(deployment, probe))
    if (target.callCtx.dropped.length > 0) {
      deps.logger.info({ requestId: input.requestId, provider: provider.name, dropped: target.callCtx.dropped }, 'dropped parameters the provider cannot honour')
    }
    return { ok: true, executed: { value, target, attempts: run.attempts, signal: link.signal, release: releaser(deps, input, target, link) } }
  } catch (err) {
    // Read before the abort below: a deadline that fired is the attempt's reason to fail.
    const timedOut = deadlineError(link.signal)
    link.abort()
    link.release()
    stats.end(deployment.id)
    const error = redactUpstreamError(attemptError(err, timedOut, input.signal), target)
    if (error.kind === 'internal') deps.logger.error({ requestId: input.requestId, provider: provider.name, err: error.detail.cause }, 'internal error during upstream attempt')
    // Errors the client caused (a bad parameter) never reach an upstream: not an upstream error.
    if (error.detail.upstreamStatus !== undefined || error.retryable) deps.metrics.upstreamErrors.inc({ ...labels, kind: error.kind })
    if (countsAgainstDeployment(error)) {
      // A slow failure should not look fast to the latency strategy.
      stats.observeLatency(deployment.id, Math.max(performance.now() - started, route.timeouts.ttftMs))
      await bookkeeping(deps, () => cooldowns.failed(deployment, cooldown, error, probe))
    } else if (probe) {
      // The deployment answered (the request was at fault): it is healthy again.
      await bookkeeping(deps, () => cooldowns.succeeded(deployment, true))
    }
    return { ok: false, error }
  }
}

/**
 * What an attempt failed with: the client going away ends the whole request (AbortedError, not
 * tried elsewhere); our own deadline is reported as the timeout it is.
 */
function attemptError(err: unknown, timedOut: GatewayError | undefined, clientSignal: AbortSignal): GatewayError {
  if (clientSignal.aborted || (err instanceof AbortedError && timedOut === undefined)) throw new AbortedError()
  return err instanceof GatewayError ? err : (timedOut ?? toGatewayError(err))
}

/** The committed attempt's one release (a second call does nothing). */
function releaser<T>(deps: ExecuteDeps, input: ExecuteInput<T>, target: AttemptTarget, link: AttemptLink): (outcome: AttemptOutcome) => void {
  let released = false
  return (outcome) => {
    if (released) return
    released = true
    // A finished upstream body needs no abort (and an abort costs an exception with a stack).
    if (!outcome.finished) link.abort()
    link.release()
    deps.routing.stats.end(target.deployment.id)
    const { tokens, error } = outcome
    if (tokens !== undefined) void bookkeeping(deps, () => deps.routing.limits.addTokens(target.deployment, tokens))
    if (error !== undefined && countsAgainstDeployment(error)) void bookkeeping(deps, () => deps.routing.cooldowns.failed(target.deployment, input.config.server.cooldown, error, false))
  }
}

/**
 * A cooldown or limit write whose failure must not fail the request: the state store reports
 * its own outage (once per transition), so nothing is logged here per request.
 */
async function bookkeeping(deps: ExecuteDeps, fn: () => Promise<void>): Promise<void> {
  try {
    await fn()
  } catch (err) {
    deps.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'state store failed; cooldown or limit bookkeeping skipped')
  }
}
