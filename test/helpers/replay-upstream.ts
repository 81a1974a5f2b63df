/**
 * A local upstream on 127.0.0.1:0 that answers with recorded bytes (fixture files, byte for
 * byte), optionally cut into chunks with delays, and records every request it receives so
 * tests can assert what the gateway sent (headers, body, path).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { serveLocally } from './local-server.js'

export interface ReplayAnswer {
  status?: number
  headers?: Record<string, string>
  /** The body: bytes sent as given, cut into `chunks` pieces with `delayMs` between them. */
  body: Uint8Array | string
  /** Split the body into pieces at these byte offsets, after every SSE frame (`\n\n`) every line (NDJSON), or every AWS event-stream message (each starts with its total length). */
  split?: 'frames' | 'lines' | 'eventstream' | number[]
  delayMs?: number
  /** Delay before the status line and headers. */
  headersDelayMs?: number
}

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
  json(): unknown
}

export type Responder = (req: ReceivedRequest) => ReplayAnswer | Promise<ReplayAnswer>

/**
 * Checks a request the way the real provider would before answering (auth headers, API
 * version, signature): an answer to send instead, or undefined to let the responder answer.
 */
export type Guard = (req: ReceivedRequest) => ReplayAnswer | undefined | Promise<ReplayAnswer | undefined>

export interface ReplayOptions {
  guard?: Guard
}

export interface ReplayUpstream {
  url: string
  received: ReceivedRequest[]
  /** Requests whose connection the gateway closed before the answer ended. */
  aborted: ReceivedRequest[]
  /** Requests the guard turned away. */
  rejected: ReceivedRequest[]
  setResponder(r: Responder): void
  close(): Promise<void>
}

function pieces(body: Buffer, split: ReplayAnswer['split']): Buffer[] {
  if (split === undefined) return [body]
  if (split === 'eventstream') {
    const out: Buffer[] = []
    for (let start = 0; start < body.length; ) {
      const end = start + body.readUInt32BE(start)
      out.push(body.subarray(start, end))
      start = end
    }
    return out
  }
  if (split === 'frames' || split === 'lines') {
    const separator = split === 'frames' ? '\n\n' : '\n'
    const out: Buffer[] = []
    let start = 0
    for (;;) {
      const i = body.indexOf(separator, start)
      if (i === -1) break
      out.push(body.subarray(start, i + separator.length))
      start = i + separator.length
    }
    if (start < body.length) out.push(body.subarray(start))
    return out
  }
  const out: Buffer[] = []
  let start = 0
  for (const cut of split) {
    out.push(body.subarray(start, cut))
    start = cut
  }
  out.push(body.subarray(start))
  return out
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startReplayUpstream(responder: Responder, options: ReplayOptions = {}): Promise<ReplayUpstream> {
  let current = responder
  const received: ReceivedRequest[] = []
  const aborted: ReceivedRequest[] = []
  const rejected: ReceivedRequest[] = []
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const record: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text, json: () => JSON.parse(text) }
    received.push(record)
    let finished = false
    res.on('close', () => {
      if (!finished) aborted.push(record)
    })
    const refusal = await options.guard?.(record)
    if (refusal !== undefined) rejected.push(record)
    const answer = refusal ?? (await current(record))
    if (answer.headersDelayMs !== undefined) await sleep(answer.headersDelayMs)
    if (res.destroyed) return
    res.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'application/json' })
    const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : Buffer.from(answer.body)
    const parts = pieces(body, answer.split)
    for (let i = 0; i < parts.length; i++) {
      if (res.destroyed) return
      res.write(parts[i])
      if (answer.delayMs !== undefined && i < parts.length - 1) await sleep(answer.delayMs)
    }
    finished = true
    res.end()
  }
  const server = await serveLocally(handle)
  return {
    url: server.url,
    received,
    aborted,
    rejected,
    setResponder: (r) => {
      current = r
    },
    close: server.close,
  }
}
