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

/**
 * A request that gets no answer (or stalls) for this long is an error, not a bench that never
 * ends: llama-server has been seen to stop answering on a loaded machine.
 */
const POOL_OPTIONS = { keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 }

/** One request timed: its latency, and its time to first token when a marker is given. */
interface Timed {
  ok: boolean
  latency: number
  ttft: number
}

async function timeRequest(pool: Pool, path: string, headers: Record<string, string>, body: string, marker: string | undefined): Promise<Timed> {
  const t0 = performance.now()
  try {
    const res = await pool.request({ path, method: 'POST', headers, body })
    let sawToken = marker === undefined
    let ttft = 0
    for await (const chunk of res.body) {
      if (!sawToken && (chunk as Buffer).includes(marker!)) {
        sawToken = true
        ttft = performance.now() - t0
      }
    }
    return { ok: res.statusCode === 200 && sawToken, latency: performance.now() - t0, ttft }
  } catch {
    return { ok: false, latency: performance.now() - t0, ttft: 0 }
  }
}

/** What one arm's requests measured, as a LoadResult. */
class Tally {
  latencies: number[] = []
  ttfts: number[] = []
  speeds: number[] = []
  errors = 0
  constructor(private readonly spec: Pick<LoadSpec, 'firstTokenMarker' | 'tokensPerAnswer'>) {}
  add(t: Timed): void {
    if (!t.ok) {
      this.errors++
      return
    }
    this.latencies.push(t.latency)
    if (this.spec.firstTokenMarker !== undefined) this.ttfts.push(t.ttft)
    if (this.spec.tokensPerAnswer !== undefined && t.latency > t.ttft) this.speeds.push((this.spec.tokensPerAnswer - 1) / ((t.latency - t.ttft) / 1000))
  }
  result(seconds: number): LoadResult {
    return {
      requests: this.latencies.length,
      errors: this.errors,
      seconds,
      rps: this.latencies.length / seconds,
      latencyMs: percentiles(this.latencies),
      ...(this.spec.firstTokenMarker === undefined ? {} : { ttftMs: percentiles(this.ttfts) }),
      ...(this.speeds.length === 0 ? {} : { tokensPerSecond: percentiles(this.speeds) }),
    }
  }
}

/** Interleaved: one request at a time, to each target in turn, so a busy machine's noise hits every arm alike. */
export interface InterleavedSpec extends Omit<LoadSpec, 'origin' | 'connections' | 'headers'> {
  targets: { name: string; origin: string; headers?: Record<string, string> }[]
}

async function runInterleaved(spec: InterleavedSpec): Promise<Record<string, LoadResult>> {
  const arms = spec.targets.map((t) => ({ ...t, pool: new Pool(t.origin, { connections: 1, ...POOL_OPTIONS }), tally: new Tally(spec) }))
  const started = performance.now()
  const deadline = started + spec.durationMs
  while (performance.now() < deadline) {
    for (const arm of arms) arm.tally.add(await timeRequest(arm.pool, spec.path, { 'content-type': 'application/json', ...arm.headers }, spec.body, spec.firstTokenMarker))
  }
  const seconds = (performance.now() - started) / 1000
  await Promise.all(arms.map((a) => a.pool.close()))
  return Object.fromEntries(arms.map((a) => [a.name, a.tally.result(seconds)]))
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, { connections: spec.connections, ...POOL_OPTIONS })
  const tally = new Tally(spec)
  const started = performance.now()
  const deadline = started + spec.durationMs
  const headers = { 'content-type': 'application/json', ...spec.headers }
  async function worker(): Promise<void> {
    while (performance.now() < deadline) tally.add(await timeRequest(pool, spec.path, headers, spec.body, spec.firstTokenMarker))
  }
  await Promise.all(Array.from({ length: spec.connections }, worker))
  const seconds = (performance.now() - started) / 1000
  await pool.close()
  return tally.result(seconds)
}

const arg = process.argv[2]
if (arg !== undefined) {
  const parsed = JSON.parse(arg) as LoadSpec | InterleavedSpec
  ;('targets' in parsed ? runInterleaved(parsed) : run(parsed)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
