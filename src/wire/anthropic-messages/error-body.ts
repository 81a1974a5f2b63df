import { assertNever } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'

/** Anthropic's error shape (fixtures/anthropic/error-*.json; `ErrorType` in @anthropic-ai/sdk resources/shared.d.ts). */
export interface MessagesErrorBody {
  type: 'error'
  error: { type: string; message: string }
}

/**
 * The status and `error.type` an Anthropic client expects for each kind (the table in
 * fixtures/SOURCES.md, "Anthropic Messages / Errors"): 529 overloaded_error, 429 rate_limit_error
 * (a budget too: the SDK retries it only when Retry-After says so), 413 request_too_large,
 * 504 timeout_error, 5xx api_error.
 */
export function messagesError(e: GatewayError): { status: number; type: string } {
  switch (e.kind) {
    case 'invalid_request':
    case 'context_length':
    case 'content_filter':
    case 'method_not_allowed':
    case 'unsupported_media_type':
    case 'gone':
    case 'request_timeout':
      return { status: e.status, type: 'invalid_request_error' }
    case 'auth':
      return { status: 401, type: 'authentication_error' }
    case 'forbidden':
      return { status: 403, type: 'permission_error' }
    case 'not_found':
      return { status: 404, type: 'not_found_error' }
    case 'payload_too_large':
      return { status: 413, type: 'request_too_large' }
    case 'rate_limited':
    case 'budget_exceeded':
      return { status: 429, type: 'rate_limit_error' }
    case 'overloaded':
      return { status: 529, type: 'overloaded_error' }
    case 'upstream_timeout':
      return { status: 504, type: 'timeout_error' }
    case 'upstream_error':
    case 'invalid_tool_call':
    case 'unavailable':
    case 'internal':
      return { status: e.status, type: 'api_error' }
    default:
      return assertNever(e.kind)
  }
}

export function messagesErrorBody(e: GatewayError): MessagesErrorBody {
  return { type: 'error', error: { type: messagesError(e).type, message: e.message } }
}
