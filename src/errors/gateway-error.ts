/**
 * The one error type of the gateway. Everything that can fail throws a GatewayError; each front
 * door renders it in its protocol's shape, in one place. An error knows, from the moment it is
 * built, its status (from its kind), whether another deployment may be tried (retryable) and
 * who is to blame for it (the `switchyard_errors_total{kind}` label): never guessed afterwards.
 */

export type ErrorKind =
  | 'invalid_request'
  | 'context_length'
  | 'content_filter'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'request_timeout'
  | 'gone'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'upstream_error'
  | 'invalid_tool_call'
  | 'overloaded'
  | 'unavailable'
  | 'upstream_timeout'
  | 'internal'

/** Who a failure is down to: the client (a bad request), a gateway policy (a limit we enforce), the upstream, or the gateway itself. */
export type Blame = 'client' | 'policy' | 'upstream' | 'gateway'

interface KindSpec {
  status: number
  /** OpenAI's `error.type` for this kind. */
  type: string
  /** Default `error.code` when none is given. */
  code: string | null
  /** Whether the executor may try another deployment after this failure. */
  retryable: boolean
  /** Who is to blame when the construction site says nothing more specific. */
  blame: Blame
}

export const ERROR_KINDS: Readonly<Record<ErrorKind, KindSpec>> = {
  invalid_request: { status: 400, type: 'invalid_request_error', code: null, retryable: false, blame: 'client' },
  context_length: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', retryable: false, blame: 'client' },
  content_filter: { status: 400, type: 'invalid_request_error', code: 'content_filter', retryable: false, blame: 'client' },
  auth: { status: 401, type: 'authentication_error', code: 'invalid_api_key', retryable: false, blame: 'policy' },
  forbidden: { status: 403, type: 'permission_error', code: 'model_not_allowed', retryable: false, blame: 'policy' },
  not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found', retryable: false, blame: 'client' },
  method_not_allowed: { status: 405, type: 'invalid_request_error', code: 'method_not_allowed', retryable: false, blame: 'client' },
  request_timeout: { status: 408, type: 'invalid_request_error', code: 'request_timeout', retryable: false, blame: 'client' },
  gone: { status: 410, type: 'invalid_request_error', code: 'model_retired', retryable: false, blame: 'client' },
  payload_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large', retryable: false, blame: 'client' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', retryable: false, blame: 'client' },
  rate_limited: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryable: true, blame: 'upstream' },
  budget_exceeded: { status: 429, type: 'insufficient_quota', code: 'budget_exceeded', retryable: false, blame: 'policy' },
  upstream_error: { status: 502, type: 'api_error', code: 'upstream_error', retryable: true, blame: 'upstream' },
  invalid_tool_call: { status: 502, type: 'api_error', code: 'invalid_tool_call', retryable: false, blame: 'upstream' },
  unavailable: { status: 503, type: 'api_error', code: 'service_unavailable', retryable: true, blame: 'upstream' },
  upstream_timeout: { status: 504, type: 'timeout_error', code: 'upstream_timeout', retryable: true, blame: 'upstream' },
  overloaded: { status: 529, type: 'api_error', code: 'overloaded', retryable: true, blame: 'upstream' },
  internal: { status: 500, type: 'api_error', code: 'internal_error', retryable: false, blame: 'gateway' },
}

/** Kinds that stay the client's fault even when an upstream said so (the request itself was wrong). */
const CLIENT_FAULT_KINDS: ReadonlySet<ErrorKind> = new Set(['invalid_request', 'context_length', 'content_filter', 'payload_too_large'])

export interface GatewayErrorDetail {
  /** The request parameter at fault, OpenAI's `error.param`. */
  param?: string | null
  /** Overrides the kind's default `error.code`. */
  code?: string | null
  /** Seconds the client should wait; rendered as a `Retry-After` header. */
  retryAfterSeconds?: number
  /** Overrides the kind's retryability (e.g. an upstream 400 that another deployment might accept). */
  retryable?: boolean
  /** Overrides who is to blame (a gateway-enforced 429 is `policy`, an upstream's `upstream`). */
  blame?: Blame
  /** The HTTP status the upstream answered with, if this came from an upstream. */
  upstreamStatus?: number
  /** Name of the configured provider that failed (never its key or URL). */
  provider?: string
  /** Underlying cause, for logs only; never rendered. */
  cause?: unknown
}

export class GatewayError extends Error {
  readonly kind: ErrorKind
  readonly detail: Readonly<GatewayErrorDetail>
  readonly blame: Blame
  readonly retryable: boolean

  constructor(kind: ErrorKind, message: string, detail: GatewayErrorDetail = {}) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause })
    this.name = 'GatewayError'
    this.kind = kind
    this.detail = Object.freeze({ ...detail })
    this.retryable = detail.retryable ?? ERROR_KINDS[kind].retryable
    this.blame = detail.blame ?? defaultBlame(kind, detail)
  }

  get status(): number {
    return ERROR_KINDS[this.kind].status
  }

  get code(): string | null {
    return this.detail.code !== undefined ? this.detail.code : ERROR_KINDS[this.kind].code
  }

  get type(): string {
    return ERROR_KINDS[this.kind].type
  }

  /** The same error with more detail (e.g. the upstream status once it is known). */
  with(extra: GatewayErrorDetail): GatewayError {
    const copy = new GatewayError(this.kind, this.message, { ...this.detail, ...extra })
    copy.stack = this.stack
    return copy
  }
}

/** An error an upstream reported is the upstream's, unless the request itself was at fault. */
function defaultBlame(kind: ErrorKind, detail: GatewayErrorDetail): Blame {
  if (detail.upstreamStatus !== undefined && !CLIENT_FAULT_KINDS.has(kind)) return 'upstream'
  return ERROR_KINDS[kind].blame
}

/** Anything thrown that is not a GatewayError becomes an `internal` one whose message is never shown. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err
  return new GatewayError('internal', 'The gateway failed while handling this request.', { cause: err })
}
