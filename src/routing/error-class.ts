import { assertNever } from '../canonical/chat.js'
import type { GatewayError } from '../errors/gateway-error.js'
import type { ErrorClass } from '../metrics/metrics.js'

/** Codes of errors the gateway raises itself because of a limit it enforces. */
const POLICY_CODES: ReadonlySet<string> = new Set(['deployment_limit_reached'])

/**
 * Who a failure the client sees is down to, for `switchyard_errors_total{kind}`: the client
 * (a bad request), a gateway policy (a limit we enforce), the upstream providers, or the
 * gateway itself (a bug, or a provider left unconfigured).
 */
export function errorClass(error: GatewayError): ErrorClass {
  if (error.code !== null && POLICY_CODES.has(error.code)) return 'policy'
  if (error.code === 'provider_not_configured') return 'gateway'
  if (error.detail.upstreamStatus !== undefined && error.kind !== 'context_length' && error.kind !== 'content_filter' && error.kind !== 'invalid_request') {
    return 'upstream'
  }
  switch (error.kind) {
    case 'invalid_request':
    case 'context_length':
    case 'content_filter':
    case 'not_found':
    case 'payload_too_large':
      return 'client'
    case 'auth':
    case 'forbidden':
    case 'budget_exceeded':
      return 'policy'
    case 'rate_limited':
    case 'upstream_error':
    case 'unavailable':
    case 'upstream_timeout':
      return 'upstream'
    case 'internal':
      return 'gateway'
    default:
      return assertNever(error.kind)
  }
}
