import type { RequestContext } from '../../lifecycle/request-context.js'

/** Client headers an upstream that speaks Messages gets: the API version the client was written against, and its betas. */
const FORWARDED = ['anthropic-version', 'anthropic-beta'] as const

export function forwardedHeaders(rc: RequestContext): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of FORWARDED) {
    const value = rc.http.req.header(name)
    if (value !== undefined && value !== '') headers[name] = value
  }
  return headers
}

/** `?beta=true`, which the SDKs' beta namespace (and Claude Code) add: kept for the native upstream. */
export function forwardedQuery(rc: RequestContext): string | undefined {
  return rc.http.req.query('beta') === 'true' ? '?beta=true' : undefined
}
