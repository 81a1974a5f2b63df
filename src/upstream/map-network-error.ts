import { GatewayError } from '../errors/gateway-error.js'

interface NetworkFailureOptions {
  provider: string
  signal: AbortSignal
  connectTimeoutMs: number
  headersTimeoutMs: number
  bodyTimeoutMs: number
}

/** Thrown when the caller (a disconnected client, a finished race) aborted the request. */
export class AbortedError extends Error {
  constructor() {
    super('aborted')
    this.name = 'AbortedError'
  }
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  const cause = (err as { cause?: unknown }).cause
  return cause === undefined ? undefined : codeOf(cause)
}

/** Maps undici/socket failures to retryable GatewayErrors that name the provider, never its URL or key. */
export function mapNetworkError(err: unknown, opts: NetworkFailureOptions): Error {
  if (err instanceof GatewayError || err instanceof AbortedError) return err
  // Our own timers abort with the GatewayError to report (first token, total); the client's
  // disconnect aborts with anything else.
  if (opts.signal.aborted) return opts.signal.reason instanceof GatewayError ? opts.signal.reason : new AbortedError()
  const code = codeOf(err)
  const p = `provider '${opts.provider}'`
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new GatewayError('upstream_timeout', `Could not connect to ${p} within ${opts.connectTimeoutMs} ms.`, { provider: opts.provider, cause: err })
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new GatewayError('upstream_timeout', `${cap(p)} sent no response within ${opts.headersTimeoutMs} ms.`, { provider: opts.provider, cause: err })
    case 'UND_ERR_BODY_TIMEOUT':
      return new GatewayError('upstream_timeout', `${cap(p)} stalled: no data for ${opts.bodyTimeoutMs} ms.`, { provider: opts.provider, cause: err })
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new GatewayError('unavailable', `Could not reach ${p} (${code}).`, { provider: opts.provider, cause: err })
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new GatewayError('upstream_error', `The connection to ${p} was reset.`, { provider: opts.provider, cause: err })
    default:
      return new GatewayError('upstream_error', `The request to ${p} failed${code === undefined ? '' : ` (${code})`}.`, { provider: opts.provider, cause: err })
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
