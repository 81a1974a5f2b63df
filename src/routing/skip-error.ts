import type { RouteConfig } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'

/**
 * Why a deployment was not tried: cooling down after failures, cooling down after the upstream
 * rate-limited it (its Retry-After), or at its own rpm/tpm limit in routes.yaml.
 */
export interface SkipReason {
  why: 'cooling' | 'rate_limited' | 'rpm' | 'tpm'
  retryAfterMs: number
}

/** The error a client gets when every deployment of a route was skipped for this reason. */
export function skipError(route: RouteConfig, reason: SkipReason): GatewayError {
  const retryAfterSeconds = Math.max(1, Math.ceil(reason.retryAfterMs / 1000))
  switch (reason.why) {
    case 'cooling':
      return new GatewayError('unavailable', `Every deployment of '${route.name}' is cooling down after repeated upstream failures; retry after ${retryAfterSeconds} s.`, {
        code: 'no_healthy_deployment',
        retryAfterSeconds,
      })
    case 'rate_limited':
      // A rate limit reads as one, with the upstream's own wait.
      return new GatewayError('rate_limited', `Every deployment of '${route.name}' was rate-limited by its provider; retry after ${retryAfterSeconds} s.`, {
        code: 'rate_limit_exceeded',
        retryAfterSeconds,
      })
    case 'rpm':
    case 'tpm':
      return new GatewayError('rate_limited', `Every deployment of '${route.name}' is at its ${reason.why} limit; retry after ${retryAfterSeconds} s.`, {
        code: 'deployment_limit_reached',
        retryAfterSeconds,
        blame: 'policy',
      })
  }
}

/** Of two skip errors, the one the client can act on soonest (a rate limit before a cooldown, then the shorter wait). */
export function pickSkipError(a: GatewayError | undefined, b: GatewayError): GatewayError {
  if (a === undefined) return b
  if (a.kind !== b.kind) return a.kind === 'rate_limited' ? a : b
  return (b.detail.retryAfterSeconds ?? 0) < (a.detail.retryAfterSeconds ?? 0) ? b : a
}
