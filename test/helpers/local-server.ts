/**
 * A node:http server on 127.0.0.1:<free port> for fake upstreams. It keeps its sockets so that
 * `close()` ends them (keep-alive connections would hold it open) and can count them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface LocalServer {
  url: string
  sockets: ReadonlySet<Socket>
  close(): Promise<void>
}

/** Serves `handle`; a handler that throws destroys that response. */
export async function serveLocally(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<LocalServer> {
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
