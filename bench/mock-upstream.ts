/**
 * The bench's upstream: an OpenAI-compatible server that answers as fast as node:http can, so
 * the figures measure the gateway, not the model. Runs in its own process; prints
 * `{"port":N}` on stdout once listening.
 *
 *   POST /v1/chat/completions   JSON answer, or with "stream":true an SSE stream of
 *                               STREAM_CHUNKS content chunks, the finish chunk, a usage chunk
 *                               when include_usage was asked, then [DONE]; `pace_ms` spaces
 *                               the chunks out
 *   POST /v1/embeddings         EMBEDDING_INPUTS × EMBEDDING_DIMENSIONS floats (a large body)
 *   POST /v1/messages           the same answer in Anthropic's Messages protocol (JSON or SSE)
 *   POST /v1/responses          the same answer in OpenAI's Responses protocol (JSON or SSE)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { messagesJson, messagesStream, responsesJson, responsesStream, STREAM_CHUNKS } from './mock-protocols.js'

export { STREAM_CHUNKS }
const EMBEDDING_INPUTS = 16
const EMBEDDING_DIMENSIONS = 1536

const created = Math.floor(Date.now() / 1000)
const usage = { prompt_tokens: 12, completion_tokens: STREAM_CHUNKS, total_tokens: 12 + STREAM_CHUNKS }

const chatJson = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'word '.repeat(STREAM_CHUNKS).trim() }, logprobs: null, finish_reason: 'stop' }],
  usage,
})

function chunk(delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`
}
const roleChunk = chunk({ role: 'assistant', content: '' }, null)
const wordChunk = chunk({ content: 'word ' }, null)
const finishChunk = chunk({}, 'stop')
const usageChunk = `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [], usage })}\n\n`

const embeddingsJson = JSON.stringify({
  object: 'list',
  data: Array.from({ length: EMBEDDING_INPUTS }, (_, index) => ({
    object: 'embedding',
    index,
    embedding: Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => Math.sin(index * 7919 + i) / 10),
  })),
  model: 'bench-embed',
  usage: { prompt_tokens: 64, total_tokens: 64 },
})

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const part of req) parts.push(part as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

/**
 * One write per chunk, as a real model's tokens arrive one by one: a few chunks per turn of the
 * event loop, or with `pace_ms` in the request one chunk every pace_ms (a model's real pace, so
 * the gateway is not saturated and time to first token measures its overhead, not a queue).
 */
function streamWords(res: ServerResponse, paceMs: number, frames: { head: string; word(): string; tail(): string }): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.write(frames.head)
  let sent = 0
  const perTurn = paceMs > 0 ? 1 : 4
  const next = (): void => {
    for (let i = 0; i < perTurn && sent < STREAM_CHUNKS; i++, sent++) res.write(frames.word())
    if (sent < STREAM_CHUNKS) {
      if (paceMs > 0) setTimeout(next, paceMs)
      else setImmediate(next)
      return
    }
    res.end(frames.tail())
  }
  next()
}

function streamChat(res: ServerResponse, includeUsage: boolean, paceMs: number): void {
  streamWords(res, paceMs, { head: roleChunk, word: () => wordChunk, tail: () => finishChunk + (includeUsage ? usageChunk : '') + 'data: [DONE]\n\n' })
}

const server = createServer(async (req, res) => {
  const body = await readBody(req)
  if (req.url?.endsWith('/chat/completions')) {
    const parsed = JSON.parse(body) as { stream?: boolean; stream_options?: { include_usage?: boolean }; pace_ms?: number }
    if (parsed.stream === true) return streamChat(res, parsed.stream_options?.include_usage === true, parsed.pace_ms ?? 0)
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(chatJson)
  }
  if (req.url?.endsWith('/messages')) {
    const parsed = JSON.parse(body) as { stream?: boolean; pace_ms?: number }
    if (parsed.stream === true) return streamWords(res, parsed.pace_ms ?? 0, { head: messagesStream.head, word: () => messagesStream.word, tail: () => messagesStream.tail })
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(messagesJson)
  }
  if (req.url?.endsWith('/responses')) {
    const parsed = JSON.parse(body) as { stream?: boolean; pace_ms?: number }
    if (parsed.stream === true) {
      const frames = responsesStream()
      return streamWords(res, parsed.pace_ms ?? 0, { head: frames.head(), word: frames.word, tail: frames.tail })
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(responsesJson)
  }
  if (req.url?.endsWith('/embeddings')) {
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(embeddingsJson)
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}')
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address !== null && typeof address === 'object') process.stdout.write(`${JSON.stringify({ port: address.port })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
