import type { CorsConfig } from '../config/types.js'

/** Headers the SDKs read from an answer; a browser hides the rest from the page. */
const EXPOSED = 'x-request-id, retry-after, x-switchyard-deployment, x-switchyard-provider, x-switchyard-attempts, x-switchyard-fallback, x-switchyard-cache, x-switchyard-cost-usd, x-switchyard-tool-validation'

/** The CORS headers for a request from `origin`, or undefined when CORS is off or the origin is not allowed. */
export function corsHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> | undefined {
  if (origin === undefined || cors.allowOrigins.length === 0) return undefined
  const any = cors.allowOrigins.includes('*')
  if (!any && !cors.allowOrigins.includes(origin)) return undefined
  // A listed origin is echoed (so credentials work); `*` answers `*` to anyone.
  return { 'access-control-allow-origin': any ? '*' : origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED }
}

/** The answer to a CORS preflight: which methods, and the headers the browser asked to send. */
export function preflightHeaders(allowed: Record<string, string>, requestedHeaders: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...allowed, 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS', 'access-control-max-age': '600' }
  if (requestedHeaders !== undefined && requestedHeaders !== '') headers['access-control-allow-headers'] = requestedHeaders
  return headers
}
