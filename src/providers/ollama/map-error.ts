import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'

/**
 * Ollama's context overflows: "input length exceeds the context length", "prompt is too long",
 * "exceeds maximum context length".
 */
const CONTEXT_LENGTH = /context (length|window)|prompt (is )?too long|exceeds? (the )?(maximum )?context/i

/**
 * An Ollama failure → GatewayError. Ollama errors are a bare string (`{"error": "…"}`, no
 * type or code; fixtures/ollama/error.json), so the HTTP status decides, and the wording
 * only tells a context overflow from other bad requests. `status` is absent for an error
 * line inside a 200 stream.
 */
export function mapOllamaFailure(status: number | undefined, message: string, retryAfterSeconds: number | undefined, ctx: CallContext): GatewayError {
  const name = ctx.provider.name
  const text = message.trim() || 'no message'
  const detail = {
    provider: name,
    ...(status === undefined ? {} : { upstreamStatus: status }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  }
  const say = `${name}: ${text}`

  if (status === undefined) {
    return CONTEXT_LENGTH.test(text)
      ? new GatewayError('context_length', say, { ...detail, param: 'messages' })
      : new GatewayError('upstream_error', say, detail)
  }
  if (status === 401 || status === 403) {
    // Only a hosted or proxied Ollama checks keys: our configuration's fault, not the client's.
    return new GatewayError('upstream_error', `Provider '${name}' rejected the gateway's credentials (HTTP ${status}). Check its api key.`, detail)
  }
  if (status === 404) {
    return new GatewayError('not_found', `${name}: model '${ctx.model}' was not found upstream (${text})`, { ...detail, param: 'model' })
  }
  if (status === 413) return new GatewayError('payload_too_large', say, detail)
  if (status === 429) return new GatewayError('rate_limited', say, detail)
  if (status >= 400 && status < 500) {
    return CONTEXT_LENGTH.test(text)
      ? new GatewayError('context_length', say, { ...detail, param: 'messages' })
      : new GatewayError('invalid_request', say, detail)
  }
  // 503 is Ollama's "server busy, please try again" when its queue is full.
  if (status === 503) return new GatewayError('unavailable', say, detail)
  if (status === 504) return new GatewayError('upstream_timeout', say, detail)
  return new GatewayError('upstream_error', say, detail)
}
