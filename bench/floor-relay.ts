/**
 * The floor: the least a Node gateway can do per request. A bare Hono app on
 * @hono/node-server that forwards the body to the upstream with undici's `Pool.request()` and
 * writes the answer back, streams chunk by chunk straight to the socket. No parsing, no
 * metrics, no routing. Runs in its own process: `floor-relay.ts <upstream origin>`, prints
 * `{"port":N}` once listening. The bench runs it transpiled to plain JavaScript (as the gateway
 * runs from dist/), so its start-up is comparable.
 */
import { serve, type HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { Hono } from 'hono'
import { Pool } from 'undici'

const origin = process.argv[2]
if (origin === undefined) throw new Error('usage: floor-relay.ts <upstream origin>')
// As many connections as the gateway's default, so neither queues in the open-streams run.
const pool = new Pool(origin, { connections: 4096, keepAliveTimeout: 30_000 })
const app = new Hono<{ Bindings: HttpBindings }>()

app.post('*', async (c) => {
  const body = Buffer.from(await c.req.arrayBuffer())
  const upstream = await pool.request({ path: c.req.path, method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const contentType = String(upstream.headers['content-type'] ?? 'application/json')
  if (!contentType.startsWith('text/event-stream')) {
    return c.body(Buffer.from(await upstream.body.arrayBuffer()), upstream.statusCode as 200, { 'content-type': contentType })
  }
  const outgoing = c.env.outgoing
  outgoing.writeHead(upstream.statusCode, { 'content-type': contentType, 'cache-control': 'no-cache' })
  for await (const chunk of upstream.body) outgoing.write(chunk)
  outgoing.end()
  return RESPONSE_ALREADY_SENT
})

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
