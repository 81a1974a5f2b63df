import type { HttpBindings } from '@hono/node-server'

/** Per-request data that rides on the Hono context. */
export interface GatewayEnv {
  /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** performance.now() when the request arrived. */
    receivedAt: number
    /** The route's metric label once the request is routed (for `switchyard_errors_total`). */
    routeLabel: string | undefined
  }
}
