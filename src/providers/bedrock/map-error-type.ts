/**
 * Bedrock error types → GatewayError kinds. One table serves HTTP errors (type in the
 * `x-amzn-ErrorType` header, UpperCamelCase, sometimes with a `:<namespace>` suffix) and
 * in-stream exception frames (`:exception-type`, lowerCamelCase): names are compared
 * case-insensitively.
 *
 * Credential and signature failures are our configuration's fault: a 502 naming the provider,
 * never a 401/403 blaming the client. A ValidationException about the input size is
 * context_length; other validation errors are the client's (invalid_request).
 */
import { GatewayError, type ErrorKind, type GatewayErrorDetail } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'

type Outcome = ErrorKind | 'credentials' | 'validation'

const BY_TYPE: Readonly<Record<string, Outcome>> = {
  throttlingexception: 'rate_limited',
  servicequotaexceededexception: 'rate_limited',
  toomanyrequestsexception: 'rate_limited',
  serviceunavailableexception: 'unavailable',
  modelnotreadyexception: 'unavailable',
  modeltimeoutexception: 'upstream_timeout',
  modelerrorexception: 'upstream_error',
  modelstreamerrorexception: 'upstream_error',
  internalserverexception: 'upstream_error',
  internalfailure: 'upstream_error',
  validationexception: 'validation',
  serializationexception: 'invalid_request',
  resourcenotfoundexception: 'not_found',
  accessdeniedexception: 'credentials',
  unrecognizedclientexception: 'credentials',
  invalidsignatureexception: 'credentials',
  signaturedoesnotmatchexception: 'credentials',
  incompletesignatureexception: 'credentials',
  missingauthenticationtokenexception: 'credentials',
  expiredtokenexception: 'credentials',
  invalidclienttokenid: 'credentials',
}

const CONTEXT_WORDING = /too long|context (length|window)|too many (input )?tokens|exceeds? the maximum (number of )?(input )?tokens/i

export interface BedrockErrorFacts {
  type?: string
  message?: string
  status?: number
  retryAfterSeconds?: number
}

export function bedrockError(facts: BedrockErrorFacts, ctx: CallContext): GatewayError {
  const name = ctx.provider.name
  const type = facts.type ?? ''
  const message = facts.message ?? (facts.status === undefined ? 'no message' : `HTTP ${facts.status}`)
  const label = type === '' ? `HTTP ${facts.status ?? '?'}` : type
  const detail: GatewayErrorDetail = { provider: name }
  if (facts.status !== undefined) detail.upstreamStatus = facts.status

  let outcome: Outcome | undefined = BY_TYPE[type.toLowerCase()]
  if (outcome === undefined) outcome = byStatus(facts.status)
  switch (outcome) {
    case 'credentials':
      return new GatewayError('upstream_error', `Provider '${name}' refused the gateway's AWS credentials (${label}): ${message}`, detail)
    case 'validation':
      return new GatewayError(CONTEXT_WORDING.test(message) ? 'context_length' : 'invalid_request', `${name}: ${message}`, detail)
    case 'invalid_request':
    case 'not_found':
    case 'payload_too_large':
      return new GatewayError(outcome, `${name}: ${message}`, detail)
    case 'rate_limited':
      if (facts.retryAfterSeconds !== undefined) detail.retryAfterSeconds = facts.retryAfterSeconds
      return new GatewayError('rate_limited', `Provider '${name}' is throttling requests (${label}): ${message}`, detail)
    case 'unavailable':
      return new GatewayError('unavailable', `Provider '${name}' is unavailable (${label}): ${message}`, detail)
    case 'upstream_timeout':
      return new GatewayError('upstream_timeout', `Provider '${name}' timed out (${label}): ${message}`, detail)
    default:
      return new GatewayError('upstream_error', `Provider '${name}' failed (${label}): ${message}`, detail)
  }
}

function byStatus(status: number | undefined): Outcome {
  if (status === undefined) return 'upstream_error'
  if (status === 401 || status === 403) return 'credentials'
  if (status === 404) return 'not_found'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return 'rate_limited'
  if (status === 503) return 'unavailable'
  if (status === 504) return 'upstream_timeout'
  if (status >= 400 && status < 500) return 'validation'
  return 'upstream_error'
}
