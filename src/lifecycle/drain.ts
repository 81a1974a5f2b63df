/**
 * Graceful shutdown of an HTTP server: stop accepting, let the requests and streams in flight
 * finish (up to a grace period), then cut what is left. A request counts as in flight from the
 * moment it arrives until its response closes, which for a stream is its last byte.
 */
import type { Server } from 'node:http'

export interface Drainer {
  /** Requests whose responses have not closed yet. */
  inFlight(): number
  /**
   * Shutdown has begun (readiness is false) but the listener still serves: every response from
   * now on closes its connection, so no client is left holding an idle keep-alive socket for
   * `drain` to close under a request it is sending.
   */
  closeConnectionsAfterResponses(): void
  /** Resolves with how many requests were cut off when the grace period ran out (0 when all finished). */
  drain(graceMs: number): Promise<number>
}

export function trackRequests(server: Server): Drainer {
  let active = 0
  let draining = false
  let closing = false
  let allDone: (() => void) | undefined
  server.on('request', (_req, res) => {
    active++
    // A keep-alive client must not send its next request to a server that is going away.
    if (closing) res.setHeader('connection', 'close')
    res.once('close', () => {
      active--
      if (!draining) return
      // The socket turns idle only after this event; close it once it has.
      setImmediate(() => server.closeIdleConnections())
      if (active === 0) allDone?.()
    })
  })
  return {
    inFlight: () => active,
    closeConnectionsAfterResponses() {
      closing = true
    },
    async drain(graceMs) {
      draining = true
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (active > 0) {
        let timer: NodeJS.Timeout | undefined
        await Promise.race([
          new Promise<void>((resolve) => (allDone = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
        ])
        clearTimeout(timer)
      }
      const cut = active
      if (cut > 0) server.closeAllConnections()
      await closed
      return cut
    },
  }
}
