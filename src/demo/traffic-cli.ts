#!/usr/bin/env node
/**
 * The docker-compose `demo` profile's traffic generator:
 *   node dist/demo/traffic-cli.js [--url http://gateway:4000] [--concurrency 4] [--models demo,demo-pool] [--pause-ms 250]
 * Environment: TARGET_URL, CONCURRENCY, MODELS, PAUSE_MS, EMBEDDINGS_MODEL (embed-demo; empty for none),
 * RATE_LIMITED_MODEL (fake/rate-limited: where the provoked 429s go).
 */
import { parseArgs } from 'node:util'
import { runTraffic } from './traffic.js'

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    concurrency: { type: 'string' },
    models: { type: 'string' },
    'pause-ms': { type: 'string' },
  },
})
const env = process.env
const baseUrl = (values.url ?? env.TARGET_URL ?? 'http://localhost:4000').replace(/\/+$/, '')
const concurrency = Number(values.concurrency ?? env.CONCURRENCY ?? '4')
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`--concurrency must be a whole number of 1 or more, got '${values.concurrency ?? env.CONCURRENCY}'`)
  process.exit(2)
}
const pauseMs = Number(values['pause-ms'] ?? env.PAUSE_MS ?? '250')
if (!Number.isInteger(pauseMs) || pauseMs < 0) {
  console.error(`--pause-ms must be a whole number of milliseconds, got '${values['pause-ms'] ?? env.PAUSE_MS}'`)
  process.exit(2)
}
const chatModels = (values.models ?? env.MODELS ?? 'demo,demo-pool').split(',').filter((m) => m !== '')
const embeddingsModel = env.EMBEDDINGS_MODEL ?? 'embed-demo'
const rateLimitedModel = env.RATE_LIMITED_MODEL ?? 'fake/rate-limited'
const controller = new AbortController()
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort())

console.log(`demo traffic: ${concurrency} at a time to ${baseUrl} (models ${chatModels.join(', ')})`)
runTraffic({ baseUrl, concurrency, signal: controller.signal, chatModels, rateLimitedModel, ...(embeddingsModel === '' ? {} : { embeddingsModel }), pauseMs }).then(
  (counts) => {
    console.log(`demo traffic stopped: ${counts.sent} sent, ${counts.ok} ok, ${counts.failed} failed`)
  },
  (err: unknown) => {
    console.error('demo traffic failed:', err instanceof Error ? err.message : String(err))
    process.exit(1)
  },
)
