import type { Context } from 'hono'
import type { Registry } from 'prom-client'
import type { GatewayEnv } from './env.js'

/** GET /metrics in the Prometheus text format. */
export function metricsHandler(registry: Registry) {
  return async function metricsEndpoint(c: Context<GatewayEnv>) {
    const text = await registry.metrics()
    return c.body(text, 200, { 'content-type': registry.contentType })
  }
}
