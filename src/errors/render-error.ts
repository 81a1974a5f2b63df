import { GatewayError, toGatewayError } from './gateway-error.js'

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** The OpenAI-shaped body for any error. Internal errors never leak their message. */
export function errorBody(err: unknown): OpenAIErrorBody {
  const e = toGatewayError(err)
  return {
    error: {
      message: e.message,
      type: e.type,
      param: e.detail.param ?? null,
      code: e.code,
    },
  }
}

/** Status and headers that go with an error response. */
export function errorHeaders(err: unknown): Record<string, string> {
  const e = toGatewayError(err)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (e.detail.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(e.detail.retryAfterSeconds)))
  }
  return headers
}

export function errorStatus(err: unknown): number {
  return toGatewayError(err).status
}

/** The SSE line that reports an error inside an already-started stream. */
export function errorSseLine(err: unknown): string {
  return `data: ${JSON.stringify(errorBody(err))}\n\n`
}

export { GatewayError }
