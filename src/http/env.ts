import type { HttpBindings } from '@hono/node-server'

/** Per-request data that rides on the Hono context. */
export interface GatewayEnv {
  /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** performance.now() when the request arrived. */
    receivedAt: number
    /** Set once the request's log line is written, so the error handler does not write another. */
    logged?: boolean
  }
}
