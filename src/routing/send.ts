import type { IncomingHttpHeaders } from 'node:http'
import { GatewayError } from '../errors/gateway-error.js'
import type { UpstreamRequest } from '../providers/types.js'
import type { UpstreamClient, UpstreamResponse } from '../upstream/client.js'
import type { AttemptTarget } from './attempt-target.js'

/** Upstream error bodies are read up to this size; the rest is discarded. */
const MAX_ERROR_BODY = 64 * 1024

/** Sends one upstream request with the route's timeouts; a non-2xx answer becomes the adapter's GatewayError. */
export async function sendChecked(upstream: UpstreamClient, target: AttemptTarget, req: UpstreamRequest): Promise<UpstreamResponse> {
  const t = target.route.timeouts
  const res = await upstream.send(req, {
    signal: target.signal,
    connectTimeoutMs: t.connectMs,
    headersTimeoutMs: t.ttftMs,
    bodyTimeoutMs: t.idleMs,
    provider: target.provider.name,
  })
  if (res.status >= 200 && res.status < 300) return res
  const text = await readText(res, MAX_ERROR_BODY)
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON (an HTML page from a proxy, say): the adapter gets the text.
  }
  const error = target.adapter.parseError(res.status, body, toWebHeaders(res.headers), target.callCtx)
  throw error.detail.upstreamStatus === undefined ? error.with({ upstreamStatus: res.status }) : error
}

/** The whole body, up to `limit` bytes (the rest is discarded). */
export async function readBytes(res: UpstreamResponse, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body) {
    chunks.push(chunk)
    size += chunk.byteLength
    if (size >= limit) {
      res.discard()
      break
    }
  }
  return Buffer.concat(chunks)
}

/** The whole body as text, up to `limit` bytes (the rest is discarded). */
export async function readText(res: UpstreamResponse, limit = Number.POSITIVE_INFINITY): Promise<string> {
  return (await readBytes(res, limit)).toString('utf8')
}

export async function readJson(res: UpstreamResponse, provider: string): Promise<{ text: string; json: unknown }> {
  const text = await readText(res)
  return { text, json: parseUpstreamJson(text, provider) }
}

/** An upstream's JSON body, or the upstream_error that says it was not JSON. */
export function parseUpstreamJson(text: string, provider: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new GatewayError('upstream_error', `Provider '${provider}' sent a response that is not valid JSON.`, { provider })
  }
}

export function toWebHeaders(headers: IncomingHttpHeaders | Record<string, string>): Headers {
  const out = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) out.append(name, v)
    else out.set(name, String(value))
  }
  return out
}
