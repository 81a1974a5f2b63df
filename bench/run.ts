/**
 * `npm run bench`: the gateway measured side by side with the floor, in one run, as ratios
 * (this machine is shared and noisy, so only same-run comparisons mean anything).
 *
 * Arms, each its own process, all against one mock upstream (also its own process), loaded by
 * a generator in yet another process:
 *   direct      the load generator straight to the mock (what the mock can do)
 *   floor       bare Hono + undici Pool.request relay (bench/floor-relay.ts)
 *   switchyard  the built gateway (dist/cli.js) on a routes.yaml that points an alias at the mock:
 *               metrics and routing on, a virtual key with rpm and tpm limits checked on every
 *               request, logging at info
 *
 * Then `open-streams`: 10,000 streams held open at once through the gateway, and its memory
 * per open stream.
 *
 * Options: --seconds N (per arm and scenario, default 8), --only a,b (scenario names),
 * --open-streams N (default 10000; 0 skips it), --peer portkey (adds Portkey's gateway as an arm,
 * installed on demand into bench/.peers), --no-build (use dist/ as it is). Writes bench/results/latest.json and prints a table.
 */
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Pool } from 'undici'
import type { LoadResult, LoadSpec } from './load.js'
import type { OpenStreamsResult, OpenStreamsSpec } from './open-streams.js'
import { startPortkey } from './peer-portkey.js'
import { cpuMicros, rssBytes, startAnnouncing, startListening, type Child } from './processes.js'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(benchDir, '..')
const tsx = ['--import', 'tsx']

interface Scenario {
  name: string
  path: string
  body: Record<string, unknown>
  connections: number
  /** Streams: the text that marks the first content token. */
  marker?: string
}

const messages = [{ role: 'user', content: 'Say a few words.' }]
const SCENARIOS: Scenario[] = [
  { name: 'chat', path: '/v1/chat/completions', body: { model: 'bench', messages }, connections: 32 },
  { name: 'stream', path: '/v1/chat/completions', body: { model: 'bench', messages, stream: true }, connections: 32, marker: 'word' },
  {
    name: 'stream-usage',
    path: '/v1/chat/completions',
    body: { model: 'bench', messages, stream: true, stream_options: { include_usage: true } },
    connections: 32,
    marker: 'word',
  },
  { name: 'stream-64', path: '/v1/chat/completions', body: { model: 'bench', messages, stream: true }, connections: 64, marker: 'word' },
  // 64 streams at a model's pace (a chunk every 5 ms, passed through to the mock as an unknown
  // parameter): the relay is not saturated, so the added time to first token is its overhead.
  { name: 'stream-64-paced', path: '/v1/chat/completions', body: { model: 'bench', messages, stream: true, pace_ms: 5 }, connections: 64, marker: 'word' },
  {
    name: 'embeddings',
    path: '/v1/embeddings',
    body: { model: 'bench-embed', input: Array.from({ length: 16 }, (_, i) => `text ${i}`), encoding_format: 'float' },
    connections: 32,
  },
]

/** The gateway checks a virtual key with request and token limits on every request. */
const BENCH_KEY = 'sk-sy-bench-key'
const AUTH = { authorization: `Bearer ${BENCH_KEY}` }

type ArmName = 'direct' | 'floor' | 'switchyard' | 'portkey'

interface Arm {
  port: number
  /** The process whose CPU is measured (not for direct). */
  pid?: number
  headers: Record<string, string>
}

interface ArmResult extends LoadResult {
  /** CPU time of the arm's relay process per answered request, µs (not for direct). */
  cpuUsPerRequest?: number
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, only: { type: 'string' }, 'no-build': { type: 'boolean' }, 'open-streams': { type: 'string' }, peer: { type: 'string' } },
  })
  const seconds = Number(values.seconds ?? 8)
  const openStreamCount = Number(values['open-streams'] ?? 10_000)
  const only = values.only?.split(',')
  const scenarios = SCENARIOS.filter((s) => only === undefined || only.includes(s.name))
  if (values['no-build'] !== true) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' })

  const children: Child[] = []
  try {
    const mock = await startAnnouncing(process.execPath, [...tsx, path.join(benchDir, 'mock-upstream.ts')])
    children.push(mock)
    const mockOrigin = `http://127.0.0.1:${mock.port}`
    const floor = await startAnnouncing(process.execPath, [...tsx, path.join(benchDir, 'floor-relay.ts'), mockOrigin])
    children.push(floor)
    const configFile = writeRoutes(mockOrigin)
    const gateway = await startListening(
      process.execPath,
      (port) => [path.join(repoRoot, 'dist/cli.js'), 'serve', '--config', configFile, '--port', String(port), '--host', '127.0.0.1'],
      { ...process.env, LOG_LEVEL: 'info', LOG_PRETTY: '0' },
      '/health/readiness',
    )
    children.push(gateway)
    const arms: Partial<Record<ArmName, Arm>> = {
      direct: { port: mock.port, headers: AUTH },
      floor: { port: floor.port, pid: floor.proc.pid, headers: AUTH },
      switchyard: { port: gateway.port, pid: gateway.proc.pid, headers: AUTH },
    }
    if (values.peer === 'portkey') {
      const portkey = await startPortkey(benchDir, mockOrigin)
      children.push(portkey)
      arms.portkey = { port: portkey.port, pid: portkey.proc.pid, headers: portkey.headers }
    }

    const results: Record<string, Row> = {}
    for (const scenario of scenarios) {
      const row: Partial<Record<ArmName, ArmResult>> = {}
      for (const arm of Object.keys(arms) as ArmName[]) {
        const { port, pid, headers } = arms[arm]!
        const spec = (durationMs: number): LoadSpec => ({
          origin: `http://127.0.0.1:${port}`,
          path: scenario.path,
          body: JSON.stringify(scenario.body),
          connections: scenario.connections,
          headers,
          durationMs,
          ...(scenario.marker === undefined ? {} : { firstTokenMarker: scenario.marker }),
        })
        runLoad(spec(1000)) // warm-up: JIT, connection pools
        const cpuBefore = pid === undefined ? 0 : cpuMicros(pid)
        const result: ArmResult = runLoad(spec(seconds * 1000))
        if (pid !== undefined && result.requests > 0) result.cpuUsPerRequest = (cpuMicros(pid) - cpuBefore) / result.requests
        row[arm] = result
        process.stderr.write(`bench: ${scenario.name.padEnd(13)} ${arm.padEnd(10)} ${result.rps.toFixed(0).padStart(6)} req/s  errors ${result.errors}\n`)
      }
      results[scenario.name] = row as Row
    }

    const openStreams = openStreamCount > 0 ? await measureOpenStreams(gateway.port, gateway.proc.pid!, openStreamCount) : undefined

    const summary = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
      secondsPerArm: seconds,
      startupToReadyMs: Math.round(gateway.readyMs),
      openStreams,
      scenarios: Object.fromEntries(Object.entries(results).map(([name, row]) => [name, { ...row, ratios: ratios(row) }])),
    }
    mkdirSync(path.join(benchDir, 'results'), { recursive: true })
    writeFileSync(path.join(benchDir, 'results', 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`)
    const streamsLine =
      openStreams === undefined
        ? ''
        : `open streams: ${openStreams.opened} of ${openStreams.count} open (errors ${openStreams.errors}) in ${openStreams.openMs} ms, gateway memory +${openStreams.rssGrowthMB} MB RSS = ${openStreams.kbPerStream} KB per open stream\n`
    process.stdout.write(`${JSON.stringify(summary)}\n\n${table(summary.scenarios)}\nstart-up to ready: ${summary.startupToReadyMs} ms\n${streamsLine}`)
  } finally {
    await Promise.all(children.map((c) => c.stop()))
  }
}

/**
 * Opens `count` streams at once through the gateway (the built-in fake at one token a second,
 * so they stay open) and reads the gateway's resident memory with all of them open.
 */
async function measureOpenStreams(port: number, pid: number, count: number) {
  // Warm the route first: the fake's first answer starts its tokenizer thread (tens of MB that
  // belong to no stream).
  // A new pool: one idle since start-up may hold a connection the gateway has since closed.
  const warm = new Pool(`http://127.0.0.1:${port}`)
  for (let i = 0; i < 3; i++) {
    const res = await warm.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({ model: 'hold', messages, max_tokens: 1 }),
    })
    await res.body.arrayBuffer()
  }
  await warm.close()
  await new Promise((r) => setTimeout(r, 1000))
  const rssBefore = rssBytes(pid)
  const spec: OpenStreamsSpec = {
    origin: `http://127.0.0.1:${port}`,
    path: '/v1/chat/completions',
    body: JSON.stringify({ model: 'hold', messages, stream: true, max_tokens: 120 }),
    headers: AUTH,
    count,
    holdMs: 3000,
    firstTokenMarker: 'Echo',
  }
  const child = spawn(process.execPath, [...tsx, path.join(benchDir, 'open-streams.ts'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
  const open = JSON.parse(line) as OpenStreamsResult
  // Let the last streams' setup garbage settle before reading memory.
  await new Promise((r) => setTimeout(r, 1000))
  const rssOpen = rssBytes(pid)
  await once(child, 'exit')
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10
  process.stderr.write(`bench: open-streams  switchyard ${open.opened} open, errors ${open.errors}\n`)
  return {
    count,
    opened: open.opened,
    errors: open.errors,
    openMs: Math.round(open.openMs),
    errorReasons: open.errorReasons,
    rssBeforeMB: mb(rssBefore),
    rssOpenMB: mb(rssOpen),
    rssGrowthMB: mb(rssOpen - rssBefore),
    kbPerStream: open.opened === 0 ? undefined : Math.round(((rssOpen - rssBefore) / open.opened / 1024) * 10) / 10,
  }
}

function runLoad(spec: LoadSpec): LoadResult {
  const out = execFileSync(process.execPath, [...tsx, path.join(benchDir, 'load.ts'), JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(out) as LoadResult
}

/** A scenario's results: the three arms always, the peer when asked for. */
type Row = Record<'direct' | 'floor' | 'switchyard', ArmResult> & { portkey?: ArmResult }

function ratios(row: Row) {
  const sw = row.switchyard
  const round = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? undefined : Math.round(n * 100) / 100)
  return {
    /** Switchyard's CPU per request over the floor's (1.0 = as cheap as the floor). */
    cpuVsFloor: round(sw.cpuUsPerRequest! / row.floor.cpuUsPerRequest!),
    /** Switchyard's throughput over the floor's. */
    rpsVsFloor: round(sw.rps / row.floor.rps),
    /** Time to first token added by the gateway over going direct, p50, ms. */
    addedTtftP50Ms: sw.ttftMs === undefined ? undefined : round(sw.ttftMs.p50 - row.direct.ttftMs!.p50),
    addedTtftP50MsFloor: row.floor.ttftMs === undefined ? undefined : round(row.floor.ttftMs.p50 - row.direct.ttftMs!.p50),
    /** Switchyard's throughput over the peer's, and the peer's CPU per request over Switchyard's. */
    rpsVsPortkey: row.portkey === undefined || row.portkey.requests === 0 ? undefined : round(sw.rps / row.portkey.rps),
    portkeyCpuVsSwitchyard: row.portkey?.cpuUsPerRequest === undefined ? undefined : round(row.portkey.cpuUsPerRequest / sw.cpuUsPerRequest!),
  }
}

function table(scenarios: Record<string, Row & { ratios: ReturnType<typeof ratios> }>): string {
  const lines = ['| scenario | arm | req/s | p50 ms | p99 ms | TTFT p50 ms | CPU µs/req |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |']
  for (const [name, row] of Object.entries(scenarios)) {
    for (const arm of ['direct', 'floor', 'switchyard', 'portkey'] as const) {
      const r = row[arm]
      if (r === undefined) continue
      if (r.requests === 0) {
        lines.push(`| ${name} | ${arm} | 0 (${r.errors} errors) | | | | |`)
        continue
      }
      lines.push(
        `| ${name} | ${arm} | ${r.rps.toFixed(0)} | ${r.latencyMs.p50.toFixed(1)} | ${r.latencyMs.p99.toFixed(1)} | ${r.ttftMs?.p50.toFixed(2) ?? ''} | ${r.cpuUsPerRequest?.toFixed(0) ?? ''} |`,
      )
    }
    const q = row.ratios
    lines.push(
      `| ${name} | **switchyard ÷ floor** | ${q.rpsVsFloor ?? ''}× | | | ${q.addedTtftP50Ms === undefined ? '' : `+${q.addedTtftP50Ms} vs direct`} | ${q.cpuVsFloor ?? ''}× |`,
    )
    if (q.rpsVsPortkey !== undefined) lines.push(`| ${name} | **switchyard ÷ portkey** | ${q.rpsVsPortkey}× | | | | ${q.portkeyCpuVsSwitchyard === undefined ? '' : `portkey ${q.portkeyCpuVsSwitchyard}× the CPU`} |`)
  }
  return lines.join('\n')
}

function writeRoutes(mockOrigin: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-bench-'))
  const file = path.join(dir, 'routes.yaml')
  writeFileSync(
    file,
    `keys:
  - name: bench
    hash: sha256:${createHash('sha256').update(BENCH_KEY).digest('hex')}
    rpm: 100000000
    tpm: 100000000000
providers:
  mock:
    kind: openai
    base_url: ${mockOrigin}/v1
    api_key: bench-key
    models: [bench-model, bench-embed]
  hold:
    kind: fake
    ttft_ms: 0
    tokens_per_second: 1
models:
  bench: mock/bench-model
  bench-embed: mock/bench-embed
  hold: hold/echo-1
`,
  )
  return file
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
