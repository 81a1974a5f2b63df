/**
 * Every value that goes into an upstream URL goes through here, so a model name (which a
 * client may choose: `provider/<anything>`) can never change which path or query the upstream
 * receives. `gem/../../../admin/x` once made a Gemini upstream receive `POST /admin/x:…` with
 * our key; `gem/x?key=1&y=` injected a query.
 */
import { boundClientString } from '../../canonical/client-string.js'
import { GatewayError } from '../../errors/gateway-error.js'

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * `value` as exactly one path segment: every byte of its UTF-8 form outside RFC 3986's
 * unreserved set (`A-Z a-z 0-9 - . _ ~`) percent-encoded, so `/`, `?`, `#`, `%`, `:`, spaces,
 * CR/LF and non-ASCII all stay inside the segment (`:` → `%3A`, as Bedrock's recorded requests
 * and SigV4 expect). `.`, `..` and the empty string are refused (400 on `param`): URL parsers
 * resolve them (even as `%2E%2E`) whatever the encoding, and an empty one merges two segments.
 */
export function encodePathSegment(value: string, param = 'model'): string {
  if (value === '' || value === '.' || value === '..') {
    throw new GatewayError('invalid_request', `'${value}' cannot be used as ${param === 'model' ? 'a model name' : `'${param}'`}: it is not a path segment.`, { param })
  }
  if (LONE_SURROGATE.test(value)) {
    throw new GatewayError('invalid_request', `'${boundClientString(value, 80)}' is not valid Unicode (a lone surrogate).`, { param })
  }
  return percentEncode(value)
}

/** A query parameter's value (same encoding: nothing in it can end the value or the query). */
export function encodeQueryValue(value: string): string {
  return percentEncode(value)
}

function percentEncode(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  )
}
