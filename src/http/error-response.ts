import type { Context } from 'hono'
import { errorBody, errorHeaders, errorStatus } from '../errors/render-error.js'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The one way an error becomes an HTTP response. */
export function errorResponse(c: Context, err: unknown): Response {
  const headers = errorHeaders(err)
  for (const [name, value] of Object.entries(headers)) c.header(name, value)
  return c.json(errorBody(err), errorStatus(err) as ContentfulStatusCode)
}
