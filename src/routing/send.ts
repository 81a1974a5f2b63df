import type { IncomingHttpHeaders } from 'node:http'
import { GatewayError } from '../errors/gateway-error.js'
import { redactError } from '../errors/redact.js'
import type { UpstreamRequest } from '../providers/types.js'
import type { UpstreamClient, UpstreamResponse } from '../upstream/client.js'
import { DEFAULT_UPSTREAM_LIMITS, upstreamTooLarge, type UpstreamLimits } from '../streaming/upstream-limits.js'
import type { AttemptTarget } from './attempt-target.js'
import { providerSecrets } from './provider-secrets.js'

/**
 * Sends one upstream request with the route's timeouts; a non-2xx answer becomes the adapter's
 * GatewayError (its body read up to `limits.maxErrorBodyBytes`, the rest dropped). Its message
 * may quote the upstream's text: the executor redacts it (redactUpstreamError) with every other
 * error an attempt ends with.
 */
export async function sendChecked(upstream: UpstreamClient, target: AttemptTarget, req: UpstreamRequest, limits: Partial<UpstreamLimits> = target.limits): Promise<UpstreamResponse> {
  const t = target.route.timeouts
  const res = await upstream.send(req, {
    signal: target.signal,
    connectTimeoutMs: t.connectMs,
    headersTimeoutMs: t.ttftMs,
    bodyTimeoutMs: t.idleMs,
    provider: target.provider.name,
    ...(target.provider.maxConnections === undefined ? {} : { maxConnections: target.provider.maxConnections }),
  })
  if (res.status >= 200 && res.status < 300) return res
  const text = (await readPrefix(res, limits.maxErrorBodyBytes ?? DEFAULT_UPSTREAM_LIMITS.maxErrorBodyBytes)).toString('utf8')
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON (an HTML page from a proxy, say): the adapter gets the text.
  }
  const parsed = target.adapter.parseError(res.status, body, toWebHeaders(res.headers), target.callCtx)
  throw parsed.detail.upstreamStatus === undefined ? parsed.with({ upstreamStatus: res.status }) : parsed
}

/**
 * Every secret of the attempt's provider out of an error's message: the one redaction, applied
 * by the executor to whatever an attempt ends with (an error answer, an in-band error event, a
 * body it cannot read) and by the stream's answer to a failure after commit, for every kind.
 */
export function redactUpstreamError(error: GatewayError, target: Pick<AttemptTarget, 'provider'>): GatewayError {
  return redactError(error, providerSecrets(target.provider))
}

export interface ReadOptions {
  /** Largest body accepted (default 16 MiB); past it the connection is dropped and the attempt fails. */
  maxBytes?: number
  /** Named in the error. */
  provider?: string
}

/**
 * The whole body. One larger than `maxBytes` is not read to its end: the connection is
 * dropped and the attempt fails as an upstream error naming the bound and its config key.
 */
export async function readBytes(res: UpstreamResponse, options: ReadOptions = {}): Promise<Buffer> {
  const max = options.maxBytes ?? DEFAULT_UPSTREAM_LIMITS.maxBodyBytes
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body) {
    size += chunk.byteLength
    if (size > max) {
      res.discard()
      throw upstreamTooLarge('maxBodyBytes', max, options.provider)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, size)
}

/** The first `maxBytes` of the body (an error answer's: enough to read the error); the rest is dropped unread. */
export async function readPrefix(res: UpstreamResponse, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body) {
    const room = maxBytes - size
    chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk)
    size += Math.min(chunk.byteLength, room)
    if (size >= maxBytes) {
      res.discard()
      break
    }
  }
  return Buffer.concat(chunks, size)
}

/** The whole body as JSON (and its text, for relaying as it came), bounded as readBytes is. */
export async function readJson(res: UpstreamResponse, provider: string, maxBytes?: number): Promise<{ text: string; json: unknown }> {
  const text = (await readBytes(res, { provider, ...(maxBytes === undefined ? {} : { maxBytes }) })).toString('utf8')
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
