import { createHash } from 'node:crypto'
import stringify from 'safe-stable-stringify'

/**
 * The exact-match key of a request: the endpoint, the route it resolved to and the whole body
 * the client sent with its keys sorted (so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one entry),
 * minus `model`, which the route replaces. `stream` and `stream_options` stay in: a streamed
 * answer is cached as the stream it was, a JSON answer as JSON.
 */
export function responseCacheKey(endpoint: string, route: string, body: Readonly<Record<string, unknown>>): string {
  const { model: _model, ...rest } = body
  return createHash('sha256').update(stringify({ endpoint, route, body: rest }) ?? '').digest('hex')
}
