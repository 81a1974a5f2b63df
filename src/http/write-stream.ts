import { once } from 'node:events'
import type { Context } from 'hono'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { GatewayEnv } from './env.js'
import { clientSignal } from './client-signal.js'

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Tells nginx-style proxies not to buffer the stream.
  'x-accel-buffering': 'no',
}

/**
 * Sends an SSE body. Under @hono/node-server it writes straight to the socket (no web-stream
 * layer per chunk) honouring backpressure; under `app.request()` it returns a web stream.
 * Either way, when the client goes away the source's `return()` runs, which releases the
 * upstream request.
 */
export async function writeStream(c: Context<GatewayEnv>, headers: Record<string, string>, source: AsyncGenerator<string>): Promise<Response> {
  const outgoing = c.env?.outgoing
  if (outgoing === undefined) {
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await source.next()
        if (next.done === true) controller.close()
        else controller.enqueue(encoder.encode(next.value))
      },
      async cancel() {
        await source.return(undefined)
      },
    })
    return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...c.get('answerHeaders'), ...headers } })
  }
  const signal = clientSignal(c)
  c.set('requestIdSent', true)
  outgoing.writeHead(200, { ...SSE_HEADERS, ...c.get('answerHeaders'), ...headers, 'x-request-id': c.get('requestId') })
  outgoing.flushHeaders()
  // Pieces that arrive in one turn of the event loop (one upstream read) go out in one write:
  // each write to a chunked response costs a syscall and a chunk header.
  let pending = ''
  let flushScheduled = false
  let drained: Promise<unknown> | undefined
  const flush = (): void => {
    flushScheduled = false
    if (pending === '' || outgoing.destroyed) return
    const ok = outgoing.write(pending)
    pending = ''
    // Caught here: the loop may end (source done, client gone) before it awaits this promise.
    if (!ok) drained ??= once(outgoing, 'drain', { signal }).catch(() => undefined)
  }
  try {
    for await (const text of source) {
      if (outgoing.destroyed) break
      pending += text
      if (!flushScheduled) {
        flushScheduled = true
        setImmediate(flush)
      }
      if (drained !== undefined) {
        await drained
        drained = undefined
      }
    }
  } catch {
    // The source failed after the headers left: nothing more can be said to the client, and
    // for-await has already closed the source.
  } finally {
    if (!outgoing.destroyed) {
      outgoing.end(pending)
      pending = ''
    }
  }
  return RESPONSE_ALREADY_SENT
}
