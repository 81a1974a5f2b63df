/**
 * The bench's open-stream load: opens `count` streams at once (one connection each), waits
 * until every one has its first token, reports `{"opened":N,...}` on stdout, holds them open
 * for `holdMs` while the orchestrator reads the gateway's memory, then closes them all and
 * prints the result. `open-streams.ts '<json OpenStreamsSpec>'`.
 */
import { setMaxListeners } from 'node:events'
import { Pool } from 'undici'

export interface OpenStreamsSpec {
  origin: string
  path: string
  body: string
  headers?: Record<string, string>
  count: number
  holdMs: number
  firstTokenMarker: string
}

export interface OpenStreamsResult {
  opened: number
  errors: number
  /** Time until every stream had its first token, ms. */
  openMs: number
  /** Why streams failed to open, with counts. */
  errorReasons: Record<string, number>
}

async function run(spec: OpenStreamsSpec): Promise<OpenStreamsResult> {
  const pool = new Pool(spec.origin, { connections: spec.count, keepAliveTimeout: 60_000, headersTimeout: 120_000, bodyTimeout: 120_000 })
  const controller = new AbortController()
  // One signal for every stream: closing them all at once is the point.
  setMaxListeners(0, controller.signal)
  const reasons = new Map<string, number>()
  let opened = 0
  let errors = 0
  const started = performance.now()
  let allOpen: () => void = () => undefined
  const everyOneOpen = new Promise<void>((resolve) => (allOpen = resolve))
  const settle = (): void => {
    if (opened + errors === spec.count) allOpen()
  }
  const open = async (): Promise<void> => {
    let first = false
    try {
      const res = await pool.request({ path: spec.path, method: 'POST', headers: { 'content-type': 'application/json', ...spec.headers }, body: spec.body, signal: controller.signal })
      for await (const chunk of res.body) {
        if (!first && (chunk as Buffer).includes(spec.firstTokenMarker)) {
          first = true
          opened++
          settle()
        }
      }
    } catch (err) {
      // Our own abort at the end is expected; anything before the first token is an error.
      if (!first) {
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
      }
    }
    if (!first) {
      errors++
      settle()
    }
  }
  // Opened in waves: ten thousand connections at once would overflow the listen backlog.
  const streams: Promise<void>[] = []
  for (let i = 0; i < spec.count; i++) {
    streams.push(open())
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 25))
  }
  await everyOneOpen
  const openMs = performance.now() - started
  process.stdout.write(`${JSON.stringify({ opened, errors, openMs, errorReasons: Object.fromEntries(reasons) })}\n`)
  await new Promise((r) => setTimeout(r, spec.holdMs))
  controller.abort()
  await Promise.allSettled(streams)
  await pool.destroy()
  return { opened, errors, openMs, errorReasons: Object.fromEntries(reasons) }
}

const arg = process.argv[2]
if (arg !== undefined) {
  run(JSON.parse(arg) as OpenStreamsSpec).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
