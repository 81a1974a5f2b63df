import type { Context } from 'hono'
import type { GatewayEnv } from './env.js'

export interface Readiness {
  ready: boolean
  reason?: string
}

/** Liveness: the process answers. Readiness: it should get traffic (a config is loaded, not draining). */
export function healthHandlers(readiness: () => Readiness) {
  return {
    liveness: function liveness(c: Context<GatewayEnv>) {
      return c.json({ status: 'ok' })
    },
    readiness: function readinessEndpoint(c: Context<GatewayEnv>) {
      const r = readiness()
      return r.ready ? c.json({ status: 'ready' }) : c.json({ status: 'not_ready', reason: r.reason ?? 'not ready' }, 503)
    },
  }
}
