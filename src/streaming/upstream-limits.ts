/**
 * Bounds on what an upstream may send, so one hostile or broken upstream cannot make the
 * gateway buffer without limit (one 50 MB SSE line or JSON body, eight at once, once took the
 * process to 1.5 GB). Past a bound the attempt fails as an upstream error (another deployment
 * may be tried) and the connection is dropped, not read to its end.
 */
import type { UpstreamLimits } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'

const MIB = 1024 * 1024

export type { UpstreamLimits }

/**
 * routes.yaml's defaults (`server.upstream_limits`). Real answers and events stay far below them
 * (a long chat answer is tens of KB, an image or a big embeddings batch a few MB).
 */
export const DEFAULT_UPSTREAM_LIMITS: Readonly<UpstreamLimits> = Object.freeze({ maxBodyBytes: 16 * MIB, maxEventBytes: 16 * MIB, maxErrorBodyBytes: 64 * 1024 })

/** Where routes.yaml sets each bound. */
export const UPSTREAM_LIMIT_KEYS: Readonly<Record<keyof UpstreamLimits, string>> = Object.freeze({
  maxBodyBytes: 'server.upstream_limits.max_body_bytes',
  maxEventBytes: 'server.upstream_limits.max_event_bytes',
  maxErrorBodyBytes: 'server.upstream_limits.max_error_body_bytes',
})

const WHAT: Readonly<Record<keyof UpstreamLimits, string>> = {
  maxBodyBytes: 'a response body',
  maxEventBytes: 'a stream event',
  maxErrorBodyBytes: 'an error body',
}

/**
 * The upstream_error for a bound passed: which bound, its size, where it is configured, and
 * (`note`) what was seen when it is known.
 */
export function upstreamTooLarge(limit: keyof UpstreamLimits, bytes: number, provider?: string, note?: string): GatewayError {
  const who = provider === undefined ? 'The upstream' : `Provider '${provider}'`
  return new GatewayError(
    'upstream_error',
    `${who} sent ${WHAT[limit]} larger than the gateway's limit of ${formatBytes(bytes)} (${UPSTREAM_LIMIT_KEYS[limit]})${note === undefined ? '' : `: ${note}`}; the attempt was dropped.`,
    provider === undefined ? { code: 'upstream_too_large' } : { code: 'upstream_too_large', provider },
  )
}

function formatBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}

/** Options every decoder takes. */
export interface DecodeOptions {
  /** Largest event (default 16 MiB). */
  maxEventBytes?: number
  /** Named in the error when the bound is passed. */
  provider?: string
}
