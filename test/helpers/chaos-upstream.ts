/**
 * A chaos upstream: an OpenAI-compatible server on 127.0.0.1:0 (node:http) whose answer to
 * each request is chosen by a `Fault` looked up by the request's `model`. Healthy answers are
 * the recorded OpenAI fixtures, byte for byte; the faults are what real upstreams do on bad
 * days. It counts requests, faults injected and requests still open, so tests can check that
 * the gateway leaves nothing behind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fixtureBytes } from './fixtures.js'
import { serveLocally } from './local-server.js'

export type Fault =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'status'; status: 500 | 502 | 503 | 529 | 408 | 400; body?: string }
  | { kind: 'rate-limit'; retryAfter?: string; retryAfterMs?: string }
  | { kind: 'reset-before-headers' }
  | { kind: 'reset-after-headers' }
  | { kind: 'hang-before-headers' }
  | { kind: 'stall-mid-stream' }
  | { kind: 'stall-before-first-token' }
  | { kind: 'malformed-sse' }
  | { kind: 'truncated-json' }
  | { kind: 'error-event' }
  | { kind: 'context-length' }

/** The fault for a request, from its model, its arrival index and its body (a seeded plan keys on the prompt). */
export type FaultPlan = (model: string, requestIndex: number, body: ChaosRequestBody) => Fault

export interface ChaosRequestBody {
  model?: string
  stream?: boolean
  messages?: { role?: string; content?: unknown }[]
}

export interface ChaosUpstream {
  url: string
  setPlan(plan: FaultPlan): void
  /** Requests received, by model. */
  requests: Map<string, number>
  /** Requests answered with anything but `ok`. */
  faultsInjected: number
  /** Requests whose response has not ended and whose connection is still open. */
  openRequests(): number
  /** TCP connections from the gateway currently open (idle keep-alive ones included). */
  openSockets(): number
  close(): Promise<void>
}

export const OK: Fault = { kind: 'ok' }

// The healthy answers, from the recordings.
const STREAM = fixtureBytes('openai', 'chat-stream-text.sse')
const JSON_ANSWER = fixtureBytes('openai', 'chat-response-basic.json')
const RATE_LIMIT_BODY = fixtureBytes('openai', 'error-429-rate-limit.json')
const CONTEXT_BODY = fixtureBytes('openai', 'error-400-context-length-exceeded.json')
/** The recorded stream up to and including its first frame carrying text. */
const FIRST_TOKEN_CUT = STREAM.indexOf('\n\n', STREAM.indexOf('"content":"I')) + 2
/** Only the role frame, which carries no token. */
const ROLE_FRAME_CUT = STREAM.indexOf('\n\n') + 2

/** The texts the recorded answers carry (the client sees them when a healthy deployment answered). */
export const ANSWER_TEXT = (JSON.parse(JSON_ANSWER.toString('utf8')) as { choices: { message: { content: string } }[] }).choices[0]!.message.content
export const STREAM_TEXT = STREAM.toString('utf8')
  .split('\n\n')
  .filter((frame) => frame.startsWith('data: {'))
  .map((frame) => (JSON.parse(frame.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
  .join('')

const SERVER_ERROR = JSON.stringify({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } })
const SSE = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }
const JSON_HEADERS = { 'content-type': 'application/json' }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startChaosUpstream(initial: FaultPlan = () => OK): Promise<ChaosUpstream> {
  let plan = initial
  const requests = new Map<string, number>()
  const open = new Set<ServerResponse>()
  let faultsInjected = 0
  let index = 0

  const answer = async (fault: Fault, stream: boolean, res: ServerResponse) => {
    switch (fault.kind) {
      case 'ok':
        if (fault.delayMs !== undefined) await sleep(fault.delayMs)
        if (res.destroyed) return
        res.writeHead(200, stream ? SSE : JSON_HEADERS)
        res.end(stream ? STREAM : JSON_ANSWER)
        return
      case 'status':
        res.writeHead(fault.status, JSON_HEADERS)
        res.end(fault.body ?? SERVER_ERROR)
        return
      case 'rate-limit': {
        const headers: Record<string, string> = { ...JSON_HEADERS }
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs
        res.writeHead(429, headers)
        res.end(RATE_LIMIT_BODY)
        return
      }
      case 'context-length':
        res.writeHead(400, JSON_HEADERS)
        res.end(CONTEXT_BODY)
        return
      case 'reset-before-headers':
        res.socket?.destroy()
        return
      case 'reset-after-headers':
        res.writeHead(200, stream ? SSE : JSON_HEADERS)
        res.write(stream ? STREAM.subarray(0, ROLE_FRAME_CUT) : JSON_ANSWER.subarray(0, 20))
        await sleep(5)
        res.socket?.destroy()
        return
      case 'hang-before-headers':
        // Never answers; the gateway must give up and close the connection.
        return
      case 'stall-mid-stream':
        res.writeHead(200, stream ? SSE : JSON_HEADERS)
        res.write(stream ? STREAM.subarray(0, FIRST_TOKEN_CUT) : JSON_ANSWER.subarray(0, 20))
        return
      case 'stall-before-first-token':
        // Keeps the connection busy with bytes that are not tokens (the role frame, comments).
        res.writeHead(200, SSE)
        res.write(STREAM.subarray(0, ROLE_FRAME_CUT))
        for (let i = 0; i < 100 && !res.destroyed; i++) {
          await sleep(50)
          if (!res.destroyed) res.write(': still thinking\n\n')
        }
        return
      case 'malformed-sse':
        res.writeHead(200, stream ? SSE : JSON_HEADERS)
        res.end(stream ? 'data: {"id":"chatcmpl-x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"broken\n\n' : '{"id":"chatcmpl-x",')
        return
      case 'truncated-json':
        res.writeHead(200, JSON_HEADERS)
        res.end(JSON_ANSWER.subarray(0, Math.floor(JSON_ANSWER.length / 2)))
        return
      case 'error-event':
        res.writeHead(200, stream ? SSE : JSON_HEADERS)
        res.end(stream ? `data: ${SERVER_ERROR}\n\n` : SERVER_ERROR)
        return
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChaosRequestBody
    const model = body.model ?? ''
    requests.set(model, (requests.get(model) ?? 0) + 1)
    const fault = plan(model, index++, body)
    if (fault.kind !== 'ok') faultsInjected++
    open.add(res)
    const forget = () => open.delete(res)
    res.on('close', forget)
    res.on('finish', forget)
    await answer(fault, body.stream === true, res)
  }

  const server = await serveLocally(handle)
  return {
    url: server.url,
    setPlan: (p) => {
      plan = p
    },
    requests,
    get faultsInjected() {
      return faultsInjected
    },
    openRequests: () => open.size,
    openSockets: () => server.sockets.size,
    close: server.close,
  }
}
