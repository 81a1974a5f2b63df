import type { HttpBindings } from '@hono/node-server'
import type { KeyConfig } from '../config/types.js'

/** Per-request data that rides on the Hono context. */
export interface GatewayEnv {
  /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** performance.now() when the request arrived. */
    receivedAt: number
    /** The client's key, set by the authenticate middleware; undefined when the gateway is open. */
    key: KeyConfig | undefined
  }
}
