import type { RouteConfig } from '../config/types.js'
import type { GatewayDeps } from '../deps.js'
import { GatewayError, toGatewayError } from '../errors/gateway-error.js'
import { AbortedError } from '../upstream/map-network-error.js'
import type { AttemptTarget } from './attempt-target.js'
import { labelsFor } from './labels.js'
import { linkedAbort, type LinkedAbort } from './linked-abort.js'
import { orderDeployments } from './pick.js'

export interface Executed<T> {
  value: T
  target: AttemptTarget
  attempts: number
  /** Aborts this attempt's upstream request; released automatically when the parent aborts. */
  link: LinkedAbort
}

export interface ExecuteOptions {
  requestId: string
  /** The client's signal: aborted when it disconnects. */
  signal: AbortSignal
  /** Capability the request needs, checked per deployment (the providers issue fills this in). */
}

/**
 * The one attempt loop: deployments in the route's order, each attempt given its own abort
 * link, a retryable failure moving on to the next deployment. An attempt "succeeds" once its
 * answer is committed (a JSON body read, or a stream's first real event), so nothing is
 * retried after the client has seen output.
 */
export async function execute<T>(
  deps: GatewayDeps,
  route: RouteConfig,
  options: ExecuteOptions,
  attemptFn: (target: AttemptTarget) => Promise<T>,
): Promise<Executed<T>> {
  const config = deps.config()
  const order = orderDeployments(route)
  const maxAttempts = Math.max(1, route.retries + 1)
  let lastError: GatewayError | undefined
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const deployment = order[(attempt - 1) % order.length]!
    const provider = config.providers.get(deployment.provider)
    const adapter = provider === undefined ? undefined : deps.adapters(provider.kind)
    const labels = labelsFor(route, deployment)
    if (provider === undefined || adapter === undefined) {
      throw new GatewayError('internal', `No adapter for deployment '${deployment.id}'.`)
    }
    if (provider.missingEnv.length > 0) {
      lastError = new GatewayError(
        'unavailable',
        `Provider '${provider.name}' is not configured: set the environment variable ${provider.missingEnv.join(', ')} and reload.`,
        { provider: provider.name, code: 'provider_not_configured' },
      )
      deps.metrics.upstreamErrors.inc({ ...labels, kind: 'unconfigured' })
      continue
    }
    const link = linkedAbort(options.signal)
    const target: AttemptTarget = {
      route,
      deployment,
      provider,
      adapter,
      attempt,
      signal: link.signal,
      callCtx: { provider, model: deployment.model, requestId: options.requestId, dropParams: route.dropParams, dropped: [] },
    }
    try {
      const value = await attemptFn(target)
      if (target.callCtx.dropped.length > 0) {
        deps.logger.info({ requestId: options.requestId, provider: provider.name, dropped: target.callCtx.dropped }, 'dropped parameters the provider cannot honour')
      }
      return { value, target, attempts: attempt, link }
    } catch (err) {
      link.abort()
      link.release()
      if (err instanceof AbortedError || options.signal.aborted) throw new AbortedError()
      const error = toGatewayError(err)
      lastError = error
      if (error.kind === 'internal') {
        deps.logger.error({ requestId: options.requestId, provider: provider.name, err: error.detail.cause }, 'internal error during upstream attempt')
      }
      // Errors the client caused (a bad parameter) never reach an upstream: not an upstream error.
      if (error.detail.upstreamStatus !== undefined || error.retryable) deps.metrics.upstreamErrors.inc({ ...labels, kind: error.kind })
      if (!error.retryable) throw error
    }
  }
  throw lastError ?? new GatewayError('unavailable', `No deployment of '${route.name}' could be tried.`)
}
