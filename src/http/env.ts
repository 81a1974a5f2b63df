import type { HttpBindings } from '@hono/node-server'
import type { Config } from '../config/types.js'

/**
 * Per-request data that rides on the Hono context, set by `request-start.ts` before any handler.
 * Read it with `c.get('name')`: Hono's `c.var` builds a new object from all the variables on
 * every access (seen in the bench's profile).
 */
export interface GatewayEnv {
  /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** performance.now() when the request arrived. */
    receivedAt: number
    /** The config this request runs on, read once when it arrived: a reload never splits a request. */
    config: Config
    /** Headers every answer to this request carries (CORS), whichever way it is written. */
    answerHeaders?: Readonly<Record<string, string>>
    /** Aborts when the client goes away (see client-signal.ts); set on first use. */
    clientSignal?: AbortSignal
    /** The answer carries x-request-id already (json-answer.ts, write-stream.ts). */
    requestIdSent?: true
  }
}
