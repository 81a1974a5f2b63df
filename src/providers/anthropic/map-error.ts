import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'

export interface UpstreamFailure {
  /** HTTP status; absent for an `error` event inside a 200 stream. */
  status?: number
  /** Anthropic's `error.type` (`ErrorType` in @anthropic-ai/sdk resources/shared.d.ts). */
  type?: string
  message?: string
  requestId?: string
  retryAfterSeconds?: number
}

/** "prompt is too long: 208310 tokens > 200000 maximum", "input length and `max_tokens` exceed context limit: …". */
const CONTEXT_LENGTH = /prompt is too long|exceeds? (the )?context (limit|window)|context (length|window) (exceeded|limit)|too many (input )?tokens/i

/**
 * Anthropic's error types (status table in fixtures/SOURCES.md) → GatewayError kinds. The
 * type decides when present (it is also all we get inside a stream); the status otherwise.
 */
export function mapUpstreamFailure(f: UpstreamFailure, ctx: CallContext): GatewayError {
  const name = ctx.provider.name
  const text = (f.message ?? '').trim() || 'no message'
  const suffix = f.requestId === undefined ? '' : ` (request id ${f.requestId})`
  const detail = {
    provider: name,
    ...(f.status === undefined ? {} : { upstreamStatus: f.status }),
    ...(f.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: f.retryAfterSeconds }),
  }
  const say = `${name}: ${text}${suffix}`

  switch (category(f)) {
    case 'invalid_request':
      return CONTEXT_LENGTH.test(text)
        ? new GatewayError('context_length', say, { ...detail, param: 'messages' })
        : new GatewayError('invalid_request', say, detail)
    case 'credentials':
      // Our configured key or account was refused: a gateway-side fault, never the client's
      // 401. The upstream text is left out so nothing about the key can leak.
      return new GatewayError(
        'upstream_error',
        `Provider '${name}' rejected the gateway's credentials (${f.type ?? `HTTP ${f.status ?? '?'}`})${suffix}. Check its api key and account.`,
        detail,
      )
    case 'not_found':
      return new GatewayError('not_found', `${name}: model '${ctx.model}' was not found upstream (${text})${suffix}`, {
        ...detail,
        param: 'model',
      })
    case 'too_large':
      return new GatewayError('payload_too_large', say, detail)
    case 'rate_limited':
      return new GatewayError('rate_limited', say, detail)
    case 'overloaded':
      // Anthropic's 529: the kind of its own, so a Messages client gets its 529 overloaded_error back (OpenAI's doors render it 503).
      return new GatewayError('overloaded', say, detail)
    case 'unavailable':
      return new GatewayError('unavailable', say, detail)
    case 'timeout':
      return new GatewayError('upstream_timeout', say, detail)
    case 'server':
      return new GatewayError('upstream_error', say, detail)
  }
}

type Category =
  | 'invalid_request'
  | 'credentials'
  | 'not_found'
  | 'too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'unavailable'
  | 'timeout'
  | 'server'

function category(f: UpstreamFailure): Category {
  switch (f.type) {
    case 'invalid_request_error':
      return 'invalid_request'
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      return 'credentials'
    case 'not_found_error':
      return 'not_found'
    case 'request_too_large':
      return 'too_large'
    case 'rate_limit_error':
      return 'rate_limited'
    case 'overloaded_error':
      return 'overloaded'
    case 'timeout_error':
      return 'timeout'
    case 'api_error':
      return 'server'
    default:
      return categoryOfStatus(f.status)
  }
}

function categoryOfStatus(status: number | undefined): Category {
  if (status === undefined) return 'server'
  if (status === 401 || status === 402 || status === 403) return 'credentials'
  if (status === 404) return 'not_found'
  if (status === 413) return 'too_large'
  if (status === 429) return 'rate_limited'
  if (status === 529) return 'overloaded'
  if (status === 503) return 'unavailable'
  if (status === 504) return 'timeout'
  if (status >= 400 && status < 500) return 'invalid_request'
  return 'server'
}
