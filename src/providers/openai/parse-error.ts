import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { readErrorBody, type UpstreamErrorInfo } from './read-error-body.js'
import { retryAfterSeconds } from './retry-after.js'

/** A provider's error mapper: the openai one, or a preset's override that falls back to it. */
export type ErrorMapper = (status: number, body: unknown, headers: Headers, ctx: CallContext) => GatewayError

const CONTEXT_OVERFLOW = /maximum context length|context length|context window|prompt is too long|reduce the length of the messages/i

/**
 * A non-2xx answer from an OpenAI-compatible upstream as a GatewayError. The status decides
 * first; the body's `code`/`type` refine it (context overflow, quota, model not found).
 */
export function parseOpenAIError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError {
  const info = readErrorBody(body)
  const name = ctx.provider.name
  const message = info.message || `HTTP ${status}`
  const detail = { upstreamStatus: status, provider: name }
  const codeNote = info.code !== undefined ? `, ${info.code}` : ''

  if (isContextOverflow(status, info)) {
    return new GatewayError('context_length', `${name}: ${message}`, { ...detail, param: info.param ?? 'messages' })
  }
  // Azure's code, also seen through OpenAI-compatible fronts of Azure deployments.
  if (info.code === 'content_filter') {
    return new GatewayError('content_filter', `${name}: ${message}`, { ...detail, param: info.param ?? null })
  }
  if (status === 401) {
    return new GatewayError('upstream_error', `Provider '${name}' rejected the gateway's API key (HTTP 401${codeNote}): ${message}`, detail)
  }
  if (status === 403) {
    return new GatewayError('upstream_error', `Provider '${name}' denied access (HTTP 403${codeNote}): ${message}`, detail)
  }
  if (status === 404) {
    if (info.code === 'model_not_found' || /model|deployment/i.test(message)) {
      return new GatewayError('not_found', `${name}: ${message}`, { ...detail, param: info.param ?? 'model' })
    }
    return new GatewayError('upstream_error', `Provider '${name}' answered 404 (is its base URL right?): ${message}`, detail)
  }
  if (status === 413) {
    return new GatewayError('payload_too_large', `${name}: ${message}`, detail)
  }
  if (status === 429) return rateLimitError(info, message, headers, ctx)
  if (status === 400 || status === 422) {
    return new GatewayError('invalid_request', `${name}: ${message}`, {
      ...detail,
      param: info.param ?? null,
      code: info.code ?? null,
    })
  }
  if (status === 503 || status === 529) {
    const wait = retryAfterSeconds(headers, info.message)
    return new GatewayError('unavailable', `Provider '${name}' is unavailable (HTTP ${status}): ${message}`, {
      ...detail,
      ...(wait === undefined ? {} : { retryAfterSeconds: wait }),
    })
  }
  // 408, 409, other 5xx, and 4xx that are about our account (402 payment required, …):
  // not the client's fault, and another deployment may well succeed.
  return new GatewayError('upstream_error', `Provider '${name}' failed (HTTP ${status}${codeNote}): ${message}`, detail)
}

function isContextOverflow(status: number, info: UpstreamErrorInfo): boolean {
  if (info.code === 'context_length_exceeded') return true
  if (status !== 400 && status !== 413 && status !== 422) return false
  return info.message !== undefined && CONTEXT_OVERFLOW.test(info.message)
}

function rateLimitError(info: UpstreamErrorInfo, message: string, headers: Headers, ctx: CallContext): GatewayError {
  const name = ctx.provider.name
  const detail = { upstreamStatus: 429, provider: name }
  // Our account is out of credit: waiting does not help, another deployment may. Not the
  // client's rate limit, so no 429 and no Retry-After.
  if (info.code === 'insufficient_quota' || info.type === 'insufficient_quota') {
    return new GatewayError('upstream_error', `Provider '${name}' reports its quota is exhausted (HTTP 429, insufficient_quota): ${message}`, detail)
  }
  // "Request too large … on tokens per min": this request exceeds the whole per-minute budget,
  // so retrying here can never succeed; a deployment with a larger budget might.
  if (/request too large/i.test(message)) {
    return new GatewayError('payload_too_large', `${name}: ${message}`, { ...detail, code: 'request_too_large', retryable: true })
  }
  const wait = retryAfterSeconds(headers, info.message)
  return new GatewayError('rate_limited', `${name}: ${message}`, {
    ...detail,
    code: info.code ?? 'rate_limit_exceeded',
    ...(wait === undefined ? {} : { retryAfterSeconds: wait }),
  })
}

/**
 * The HTTP status a mid-stream `{"error":{…}}` stands for: the one it states, else a guess
 * from its code/type, else 500. The stream parser feeds it to the same error mapper.
 */
export function statusOfStreamError(body: unknown): number {
  const info = readErrorBody(body)
  if (info.status !== undefined) return info.status
  const tag = `${info.code ?? ''} ${info.type ?? ''}`
  if (/rate_limit|tokens|requests/.test(tag)) return 429
  if (/context_length_exceeded|invalid_request|content_filter/.test(tag)) return 400
  if (/overloaded|unavailable/.test(tag)) return 503
  return 500
}
