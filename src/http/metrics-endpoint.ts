import type { Context } from 'hono'
import type { Registry } from 'prom-client'
import type { GatewayEnv } from './env.js'

/** The Prometheus text and its content type: one registry's, or a whole cluster's. */
export type MetricsSource = () => Promise<{ text: string; contentType: string }>

export function registrySource(registry: Registry): MetricsSource {
  return async () => ({ text: await registry.metrics(), contentType: registry.contentType })
}

/** GET /metrics in the Prometheus text format. */
export function metricsHandler(source: MetricsSource) {
  return async function metricsEndpoint(c: Context<GatewayEnv>) {
    const { text, contentType } = await source()
    return c.body(text, 200, { 'content-type': contentType })
  }
}
