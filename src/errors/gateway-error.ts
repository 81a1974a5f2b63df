/**
 * The one error type of the gateway. Everything that can fail throws a GatewayError;
 * `render-error.ts` turns it into OpenAI's `{"error":{message,type,param,code}}` in one place.
 */

export type ErrorKind =
  | 'invalid_request'
  | 'context_length'
  | 'content_filter'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'upstream_error'
  | 'unavailable'
  | 'upstream_timeout'
  | 'internal'

interface KindSpec {
  status: number
  /** OpenAI's `error.type` for this kind. */
  type: string
  /** Default `error.code` when none is given. */
  code: string | null
  /** Whether the executor may try another deployment after this failure. */
  retryable: boolean
}

export const ERROR_KINDS: Readonly<Record<ErrorKind, KindSpec>> = {
  invalid_request: { status: 400, type: 'invalid_request_error', code: null, retryable: false },
  context_length: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', retryable: false },
  content_filter: { status: 400, type: 'invalid_request_error', code: 'content_filter', retryable: false },
  auth: { status: 401, type: 'authentication_error', code: 'invalid_api_key', retryable: false },
  forbidden: { status: 403, type: 'permission_error', code: 'model_not_allowed', retryable: false },
  not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found', retryable: false },
  payload_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large', retryable: false },
  rate_limited: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryable: true },
  budget_exceeded: { status: 429, type: 'insufficient_quota', code: 'budget_exceeded', retryable: false },
  upstream_error: { status: 502, type: 'api_error', code: 'upstream_error', retryable: true },
  unavailable: { status: 503, type: 'api_error', code: 'service_unavailable', retryable: true },
  upstream_timeout: { status: 504, type: 'timeout_error', code: 'upstream_timeout', retryable: true },
  internal: { status: 500, type: 'api_error', code: 'internal_error', retryable: false },
}

export interface GatewayErrorDetail {
  /** The request parameter at fault, OpenAI's `error.param`. */
  param?: string | null
  /** Overrides the kind's default `error.code`. */
  code?: string | null
  /** Seconds the client should wait; rendered as a `Retry-After` header. */
  retryAfterSeconds?: number
  /** Overrides the kind's retryability (e.g. an upstream 400 that another deployment might accept). */
  retryable?: boolean
  /** The HTTP status the upstream answered with, if this came from an upstream. */
  upstreamStatus?: number
  /** Name of the configured provider that failed (never its key or URL). */
  provider?: string
  /** Underlying cause, for logs only; never rendered. */
  cause?: unknown
}

export class GatewayError extends Error {
  readonly kind: ErrorKind
  readonly detail: GatewayErrorDetail

  constructor(kind: ErrorKind, message: string, detail: GatewayErrorDetail = {}) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause })
    this.name = 'GatewayError'
    this.kind = kind
    this.detail = detail
  }

  get status(): number {
    return ERROR_KINDS[this.kind].status
  }

  get retryable(): boolean {
    return this.detail.retryable ?? ERROR_KINDS[this.kind].retryable
  }

  get code(): string | null {
    return this.detail.code !== undefined ? this.detail.code : ERROR_KINDS[this.kind].code
  }

  get type(): string {
    return ERROR_KINDS[this.kind].type
  }
}

/** Anything thrown that is not a GatewayError becomes an `internal` one whose message is never shown. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err
  return new GatewayError('internal', 'The gateway failed while handling this request.', { cause: err })
}
