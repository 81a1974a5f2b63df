/**
 * The bench's load generator, in its own process so it never shares a core's event loop with
 * the gateway: a closed loop of `connections` workers on one undici Pool, each sending the
 * next request as soon as its last answer is read. Measures latency and, for streams, time to
 * the first content token. `load.ts '<json LoadSpec>'` prints a LoadResult as JSON.
 */
import { Pool } from 'undici'

export interface LoadSpec {
  origin: string
  path: string
  body: string
  /** Extra request headers (the gateway's key). */
  headers?: Record<string, string>
  connections: number
  durationMs: number
  /** For streams: the text whose first appearance marks the first token. */
  firstTokenMarker?: string
  /** Tokens each answer carries (a fixed max_tokens with ignore_eos): tokens/s after the first is measured. */
  tokensPerAnswer?: number
}

export interface Percentiles {
  p50: number
  p90: number
  p99: number
}

export interface LoadResult {
  requests: number
  errors: number
  /** Measured wall time, seconds. */
  seconds: number
  rps: number
  latencyMs: Percentiles
  ttftMs?: Percentiles
  /** Per answer, the tokens after the first over the time after the first (with tokensPerAnswer). */
  tokensPerSecond?: Percentiles
}

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort()
  const at = (q: number): number => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) }
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, { connections: spec.connections, keepAliveTimeout: 30_000 })
  const latencies: number[] = []
  const ttfts: number[] = []
  const speeds: number[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + spec.durationMs
  const marker = spec.firstTokenMarker
  const headers = { 'content-type': 'application/json', ...spec.headers }

  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      try {
        const res = await pool.request({ path: spec.path, method: 'POST', headers, body: spec.body })
        let sawToken = marker === undefined
        let ttft = 0
        for await (const chunk of res.body) {
          if (!sawToken && (chunk as Buffer).includes(marker!)) {
            sawToken = true
            ttft = performance.now() - t0
            ttfts.push(ttft)
          }
        }
        const latency = performance.now() - t0
        if (res.statusCode !== 200 || !sawToken) errors++
        else {
          latencies.push(latency)
          if (spec.tokensPerAnswer !== undefined && latency > ttft) speeds.push((spec.tokensPerAnswer - 1) / ((latency - ttft) / 1000))
        }
      } catch {
        errors++
      }
    }
  }
  await Promise.all(Array.from({ length: spec.connections }, worker))
  const seconds = (performance.now() - started) / 1000
  await pool.close()
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    latencyMs: percentiles(latencies),
    ...(marker === undefined ? {} : { ttftMs: percentiles(ttfts) }),
    ...(speeds.length === 0 ? {} : { tokensPerSecond: percentiles(speeds) }),
  }
}

const arg = process.argv[2]
if (arg !== undefined) {
  run(JSON.parse(arg) as LoadSpec).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
