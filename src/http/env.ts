import type { HttpBindings } from '@hono/node-server'
import type { KeyConfig } from '../config/types.js'

/**
 * Per-request data that rides on the Hono context. Read it with `c.get('name')`: Hono's `c.var`
 * builds a new object from all the variables on every access (seen in the bench's profile).
 */
export interface GatewayEnv {
  /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** performance.now() when the request arrived. */
    receivedAt: number
    /** Aborts when the client goes away (see client-signal.ts); set on first use. */
    clientSignal?: AbortSignal
    /** The answer carries x-request-id already (json-answer.ts, write-stream.ts). */
    requestIdSent?: true
    /** The client's key, set by the authenticate middleware; undefined when the gateway is open. */
    key: KeyConfig | undefined
    /** Set once the request's log line is written, so the error handler does not write another. */
    logged?: boolean
    /** The route's metric label once the request is routed (for `switchyard_errors_total`). */
    routeLabel: string | undefined
  }
}
