/**
 * Google RPC errors → GatewayError. The body is `{"error": {code, message, status, details}}`
 * (an array of one such object when streamed without alt=sse); `details` holds typed entries
 * such as `google.rpc.ErrorInfo` (`reason`) and `google.rpc.RetryInfo` (`retryDelay`).
 *
 * - An invalid key is HTTP 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not 401
 *   (error-400-api-key-invalid.json). Like 401/403 it is our configuration's fault: a 502
 *   naming the provider, never an auth error blaming the client.
 * - 429 RESOURCE_EXHAUSTED → rate_limited; the wait comes from `retry-after-ms`/`retry-after`
 *   or RetryInfo.retryDelay ("34.4s", a protobuf Duration: error-429-resource-exhausted.json).
 * - 400 INVALID_ARGUMENT about the input size → context_length ("The input token count (N)
 *   exceeds the maximum number of tokens allowed (M)."), other 400s → invalid_request.
 * - FAILED_PRECONDITION (e.g. billing not enabled, region not supported) is about our
 *   deployment, not the request: upstream_error, so another deployment is tried.
 */
import type { JsonObject } from '../../canonical/chat.js'
import { GatewayError, type ErrorKind, type GatewayErrorDetail } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { readArray, asNumber, readObject, asString, isObject } from '../../wire/json.js'

const CREDENTIAL_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED'])
const CONTEXT_WORDING = /token count.*exceeds|exceeds the maximum number of tokens|maximum context length|context window|too many tokens/i

interface GoogleError {
  code?: number
  message?: string
  status?: string
  reason?: string
  retryDelaySeconds?: number
}

export function parseGeminiError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError {
  const error = readGoogleError(body)
  return toGatewayError(status, error ?? {}, headers, ctx)
}

/** A 200 body (or stream chunk) that is itself an error object. */
export function upstreamErrorFromBody(body: JsonObject, ctx: CallContext): GatewayError | undefined {
  const error = readGoogleError(body)
  if (error === undefined) return undefined
  return toGatewayError(error.code ?? 500, error, new Headers(), ctx)
}

function readGoogleError(body: unknown): GoogleError | undefined {
  const container = Array.isArray(body) ? body[0] : body
  if (!isObject(container) || !isObject(container.error)) return undefined
  const raw = container.error
  const error: GoogleError = {}
  const code = asNumber(raw.code)
  if (code !== undefined) error.code = code
  const message = asString(raw.message)
  if (message !== undefined) error.message = message
  const status = asString(raw.status)
  if (status !== undefined) error.status = status
  for (const detail of readArray(raw.details)) {
    const d = readObject(detail)
    const type = asString(d['@type']) ?? ''
    if (type.endsWith('google.rpc.ErrorInfo')) {
      const reason = asString(d.reason)
      if (reason !== undefined) error.reason = reason
    } else if (type.endsWith('google.rpc.RetryInfo')) {
      const delay = parseDuration(d.retryDelay)
      if (delay !== undefined) error.retryDelaySeconds = delay
    }
  }
  return error
}

function toGatewayError(status: number, error: GoogleError, headers: Headers, ctx: CallContext): GatewayError {
  const name = ctx.provider.name
  const upstream = error.message ?? `HTTP ${status}`
  const rpc = error.status === undefined ? `HTTP ${status}` : `${status} ${error.status}`
  const base = { provider: name, upstreamStatus: status }
  const make = (kind: ErrorKind, message: string, extra: GatewayErrorDetail = {}): GatewayError =>
    new GatewayError(kind, message, { ...base, ...extra })

  if (error.reason !== undefined && CREDENTIAL_REASONS.has(error.reason)) {
    return make('upstream_error', `Provider '${name}' rejected the gateway's configured API key (${rpc}, ${error.reason}): ${upstream}`)
  }
  if (status === 401 || status === 403 || error.status === 'UNAUTHENTICATED' || error.status === 'PERMISSION_DENIED') {
    return make('upstream_error', `Provider '${name}' refused the gateway's credentials (${rpc}): ${upstream}`)
  }
  if (status === 429 || error.status === 'RESOURCE_EXHAUSTED') {
    const wait = retryAfterFromHeaders(headers) ?? error.retryDelaySeconds
    return make('rate_limited', `Provider '${name}' is rate limiting requests (${rpc}): ${upstream}`, wait === undefined ? {} : { retryAfterSeconds: wait })
  }
  if (status === 404 || error.status === 'NOT_FOUND') {
    return make('not_found', `${name}: ${upstream}`)
  }
  if (status === 413) return make('payload_too_large', `${name}: ${upstream}`)
  if (error.status === 'FAILED_PRECONDITION') {
    return make('upstream_error', `Provider '${name}' cannot serve this request (${rpc}): ${upstream}`)
  }
  if (status === 400 || error.status === 'INVALID_ARGUMENT' || error.status === 'OUT_OF_RANGE') {
    if (CONTEXT_WORDING.test(upstream)) return make('context_length', `${name}: ${upstream}`)
    return make('invalid_request', `${name}: ${upstream}`)
  }
  if (status === 503 || error.status === 'UNAVAILABLE') {
    return make('unavailable', `Provider '${name}' is unavailable (${rpc}): ${upstream}`)
  }
  if (status === 504 || error.status === 'DEADLINE_EXCEEDED') {
    return make('upstream_timeout', `Provider '${name}' timed out (${rpc}): ${upstream}`)
  }
  return make('upstream_error', `Provider '${name}' failed (${rpc}): ${upstream}`)
}

/** `retry-after-ms` (milliseconds), then `retry-after` (seconds or an HTTP date). */
function retryAfterFromHeaders(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000
  const value = headers.get('retry-after')
  if (value === null) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000)
}

/** A protobuf Duration in JSON: decimal seconds with an `s` suffix ("34.4s"). */
function parseDuration(value: unknown): number | undefined {
  const text = asString(value)
  if (text === undefined) return undefined
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text.trim())
  return match === null ? undefined : Number(match[1])
}
