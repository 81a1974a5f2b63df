import OpenAI from 'openai'
import { parseConfig } from '../../src/config/load.js'
import { startGateway, type RunningGateway } from '../../src/server.js'
import type { Logger } from '../../src/logging/logger.js'

/** Any gateway a test can read /metrics from (on a socket, or in process: in-process.ts). */
export interface MetricsReader {
  metricsText(): Promise<string>
}

export interface TestGateway extends RunningGateway, MetricsReader {
  client: OpenAI
}

/**
 * A real gateway on 127.0.0.1:<free port> from routes.yaml text; always `close()` it. With a
 * clock (in-process.ts's testClock), windows, TTLs and cooldowns move only when the test moves it.
 */
export async function startTestGateway(yaml: string, env: Record<string, string | undefined> = {}, logger?: Logger, clock?: { now(): number }): Promise<TestGateway> {
  const config = parseConfig(yaml, 'routes.yaml', env)
  const gateway = await startGateway({ config, port: 0, host: '127.0.0.1', ...(logger === undefined ? {} : { logger }), ...(clock === undefined ? {} : { now: clock.now }) })
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-key-not-forwarded', maxRetries: 0, timeout: 20_000 })
  return {
    ...gateway,
    client,
    metricsText: async () => (await fetch(`${gateway.url}/metrics`)).text(),
  }
}

/** Parses the Prometheus text format into `name{labels} value` lookups. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (.+)$/.exec(line)
    if (m === null || m[1] !== name) continue
    const got = new Map<string, string>()
    for (const pair of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) got.set(pair[1]!, pair[2]!)
    if (Object.entries(labels).every(([k, v]) => got.get(k) === v)) total = (total ?? 0) + Number(m[4])
  }
  return total
}
