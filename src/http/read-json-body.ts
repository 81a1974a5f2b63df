import type { Context } from 'hono'
import { GatewayError } from '../errors/gateway-error.js'

/**
 * Reads and parses the request body, refusing bodies over `maxBytes` with a 413 (checked
 * against Content-Length first, then while reading, so a lying client cannot get past it).
 */
export async function readJsonBody(c: Context, maxBytes: number): Promise<unknown> {
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes)
  const body = c.req.raw.body
  if (body === null) throw new GatewayError('invalid_request', 'The request has no body; send a JSON object.', { code: 'invalid_json' })
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.byteLength
    if (size > maxBytes) throw tooLarge(maxBytes)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (err) {
    const detail = err instanceof SyntaxError ? ` (${err.message})` : ''
    throw new GatewayError('invalid_request', `The request body is not valid JSON${detail}.`, { code: 'invalid_json' })
  }
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `The request body is larger than the ${maxBytes} bytes this gateway accepts (server.max_body_bytes).`)
}
