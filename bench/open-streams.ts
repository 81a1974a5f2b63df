/**
 * The bench's open-stream load: opens `count` streams at once (one connection each), waits
 * until every one has its first token, reports `{"opened":N,...}` on stdout, holds them open
 * for `holdMs` while the orchestrator reads the gateway's memory, then closes them all and
 * prints the result. `open-streams.ts '<json OpenStreamsSpec>'`.
 */
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
}

async function run(spec: OpenStreamsSpec): Promise<OpenStreamsResult> {
  const pool = new Pool(spec.origin, { connections: spec.count, keepAliveTimeout: 60_000, headersTimeout: 120_000, bodyTimeout: 120_000 })
  const controller = new AbortController()
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
    } catch {
      // Our own abort at the end is expected; anything before the first token is an error.
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
  process.stdout.write(`${JSON.stringify({ opened, errors, openMs })}\n`)
  await new Promise((r) => setTimeout(r, spec.holdMs))
  controller.abort()
  await Promise.allSettled(streams)
  await pool.destroy()
  return { opened, errors, openMs }
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
