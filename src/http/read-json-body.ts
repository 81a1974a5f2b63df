import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import type { GatewayEnv } from './env.js'
import { GatewayError } from '../errors/gateway-error.js'

export interface BodyLimits {
  /** Largest body accepted, in bytes (413 past it). */
  maxBytes: number
  /** How long the client may take to send its whole body (408 past it). */
  timeoutMs: number
}

/**
 * Deeper than any real request: JSON Schemas of tools run to a few dozen levels. A body nested
 * deeper is refused before any code walks it recursively (a stack overflow is a 500, not a 400).
 */
export const MAX_JSON_DEPTH = 128

/** A JSON body as parsed, and as the client sent it (a passthrough relays its bytes, not a re-serialisation). */
export interface JsonRequestBody {
  json: unknown
  text: string
}

/**
 * Reads and parses the request body: only JSON (a missing content type is allowed; a form or
 * text post, which any web page can make a browser send, gets a 415), at most `maxBytes`
 * (checked against Content-Length first, then while reading, so a lying client cannot get past
 * it), within `timeoutMs` (a trickled body does not hold a connection open for minutes), and
 * nested at most MAX_JSON_DEPTH deep.
 */
export async function readJsonRequest(c: Context<GatewayEnv>, limits: BodyLimits): Promise<JsonRequestBody> {
  const contentType = c.req.header('content-type')
  if (contentType !== undefined && !isJsonType(contentType)) {
    throw new GatewayError('unsupported_media_type', `The request body must be JSON (content-type: application/json), not '${contentType.slice(0, 100)}'.`)
  }
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) > limits.maxBytes) throw tooLarge(limits.maxBytes)
  // Served by @hono/node-server, read the Node request itself: going through `c.req.raw.body`
  // builds a web Request and a web stream per request, a measurable share of the CPU.
  const incoming = c.env?.incoming
  const text = incoming === undefined ? await readWebBody(c.req.raw.body, limits.maxBytes) : await readNodeBody(incoming, limits)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    const detail = err instanceof SyntaxError ? ` (${err.message})` : ''
    throw new GatewayError('invalid_request', `The request body is not valid JSON${detail}.`, { code: 'invalid_json' })
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    throw new GatewayError('invalid_request', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`, { code: 'invalid_json' })
  }
  return { json: value, text }
}

/** `application/json`, with parameters (`; charset=utf-8`), or any `+json` type. */
function isJsonType(contentType: string): boolean {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/** Whether a parsed value nests deeper than `max`, walked without recursion. */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (typeof node !== 'object' || node === null) continue
    if (depth >= max) return true
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 })
  }
  return false
}

function noBody(): GatewayError {
  return new GatewayError('invalid_request', 'The request has no body; send a JSON object.', { code: 'invalid_json' })
}

async function readWebBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (body === null) throw noBody()
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.byteLength
    if (size > maxBytes) throw tooLarge(maxBytes)
    chunks.push(chunk)
  }
  if (size === 0) throw noBody()
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The same limits as readWebBody, read with events rather than `for await`: leaving an async
 * iterator early destroys the request and its socket, and the 413 could not be sent.
 */
function readNodeBody(incoming: IncomingMessage, limits: BodyLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = (err: GatewayError): void => {
      cleanup()
      // Stop reading; the error is answered and the connection closed after it.
      incoming.pause()
      reject(err)
    }
    const timer = setTimeout(() => stop(new GatewayError('request_timeout', `The request body did not arrive within ${limits.timeoutMs} ms (server.body_timeout_ms).`)), limits.timeoutMs)
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength
      if (size > limits.maxBytes) stop(tooLarge(limits.maxBytes))
      else chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      if (size === 0) reject(noBody())
      else resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'))
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(err)
    }
    const cleanup = (): void => {
      clearTimeout(timer)
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
  })
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `The request body is larger than the ${maxBytes} bytes this gateway accepts (server.max_body_bytes).`)
}
