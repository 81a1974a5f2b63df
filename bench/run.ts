/**
 * `npm run bench`: the gateway measured side by side with the floor, in one run, as ratios
 * (this machine is shared and noisy, so only same-run comparisons mean anything), every row of
 * the performance table (issue #16) next to its goal.
 *
 * Arms, each its own process, all against one mock upstream (also its own process), loaded by
 * a generator in yet another process:
 *   direct      the load generator straight to the mock (what the mock can do)
 *   floor       bare Hono + undici Pool.request relay (bench/floor-relay.ts, run as plain JS)
 *   switchyard  the built gateway (dist/cli.js) on a routes.yaml that points aliases at the mock:
 *               metrics and routing on, a virtual key with rpm and tpm limits checked on every
 *               request, logging at info
 *   portkey     Portkey's gateway (chat and stream only; installed on demand into bench/.peers)
 *
 * Parts: throughput (saturated), latency at concurrency 1, the Messages and Responses doors
 * (passthrough and translated), one stream at a time through the real llama-server, thousands
 * of streams held open through the mock (memory per open stream, and whether any waited for an
 * upstream connection), and start-up against the bare relay's.
 *
 * Options: --seconds N (per arm and scenario, default 4), --only a,b (scenario names),
 * --open-streams N (default 3000; 0 skips it), --no-peer, --no-llama, --no-build.
 * Writes bench/results/latest.json and prints the tables.
 */
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildSync } from 'esbuild'
import { llamaDir, startLlamaServer } from '../test/helpers/llama-server.js'
import type { InterleavedSpec, LoadResult, LoadSpec } from './load.js'
import type { OpenStreamsResult, OpenStreamsSpec } from './open-streams.js'
import { startPortkey } from './peer-portkey.js'
import { cpuMicros, rssBytes, startAnnouncing, startListening, type Child } from './processes.js'
import { markdownTable, scenarioTable, tableRows, type ArmResult, type Measured, type OpenStreams, type Row } from './report.js'
import { AUTH, writeRoutes } from './routes.js'
import { DOORS, HELD_STREAM, LATENCY, LLAMA, LLAMA_TOKENS, THROUGHPUT, type ArmName, type Scenario } from './scenarios.js'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(benchDir, '..')
const tsx = ['--import', 'tsx']
const built = (name: string) => path.join(benchDir, '.build', `${name}.mjs`)
const floorJs = built('floor-relay')

interface Arm {
  port: number
  /** The process whose CPU is measured (not for direct). */
  pid?: number
  headers: Record<string, string>
}

type Arms = Partial<Record<ArmName, Arm>>

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      only: { type: 'string' },
      'no-build': { type: 'boolean' },
      'open-streams': { type: 'string' },
      'no-peer': { type: 'boolean' },
      'no-llama': { type: 'boolean' },
    },
  })
  const seconds = Number(values.seconds ?? 4)
  const openStreamCount = Number(values['open-streams'] ?? 3000)
  const only = values.only?.split(',')
  const pick = (list: Scenario[]) => list.filter((s) => only === undefined || only.includes(s.name))
  if (values['no-build'] !== true) execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' })
  // The floor runs as plain JavaScript, as the gateway does from dist/: same loader, fair
  // start-up. The load generators too: a tsx start-up per arm adds up on a busy machine.
  for (const name of ['floor-relay', 'load', 'open-streams']) {
    buildSync({ entryPoints: [path.join(benchDir, `${name}.ts`)], outfile: built(name), format: 'esm', platform: 'node', bundle: false, logLevel: 'warning' })
  }
  const withLlama = values['no-llama'] !== true && existsSync(path.join(llamaDir, 'bin/llama-server')) && (only === undefined || only.includes(LLAMA.name))

  const children: Child[] = []
  const start = async <C extends Child>(child: Promise<C>): Promise<C> => {
    const c = await child
    children.push(c)
    return c
  }
  let llama: Awaited<ReturnType<typeof startLlamaServer>> | undefined
  try {
    const mock = await start(startAnnouncing(process.execPath, [...tsx, path.join(benchDir, 'mock-upstream.ts')]))
    const mockOrigin = `http://127.0.0.1:${mock.port}`
    llama = withLlama ? await startLlamaServer() : undefined
    const floor = await start(startAnnouncing(process.execPath, [floorJs, mockOrigin]))
    const configFile = writeRoutes(mockOrigin, llama?.url)
    const gateway = await start(startGateway(configFile))
    const arms: Arms = {
      direct: { port: mock.port, headers: AUTH },
      floor: { port: floor.port, pid: floor.proc.pid!, headers: AUTH },
      switchyard: { port: gateway.port, pid: gateway.proc.pid!, headers: AUTH },
    }
    if (values['no-peer'] !== true) {
      try {
        const portkey = await start(startPortkey(benchDir, mockOrigin))
        arms.portkey = { port: portkey.port, pid: portkey.proc.pid!, headers: portkey.headers }
      } catch (err) {
        process.stderr.write(`bench: Portkey not run: ${err instanceof Error ? err.message : String(err)}\n`)
      }
    }

    const scenarios: Record<string, Row> = {}
    for (const scenario of pick(THROUGHPUT)) scenarios[scenario.name] = runScenario(scenario, arms, seconds)
    for (const scenario of pick(LATENCY)) scenarios[scenario.name] = runInterleaved(scenario, arms, seconds * 3)
    for (const scenario of pick(DOORS)) scenarios[scenario.name] = runScenario(scenario, arms, seconds)
    if (llama !== undefined) {
      const llamaFloor = await start(startAnnouncing(process.execPath, [floorJs, llama.url]))
      const llamaArms: Arms = { direct: { port: llama.port, headers: {} }, floor: { port: llamaFloor.port, pid: llamaFloor.proc.pid!, headers: {} }, switchyard: arms.switchyard! }
      scenarios[LLAMA.name] = runInterleaved(LLAMA, llamaArms, seconds * 3, LLAMA_TOKENS)
    }

    const openStreams: Measured['openStreams'] = {}
    if (openStreamCount > 0) {
      openStreams.switchyard = await measureOpenStreams(gateway.port, gateway.proc.pid!, openStreamCount)
      openStreams.upstreamWaits = await upstreamWaits(gateway.port)
      openStreams.floor = await measureOpenStreams(floor.port, floor.proc.pid!, openStreamCount)
    }
    const startupMs = { switchyard: await medianStartup(() => startGateway(configFile)), floor: await medianStartup(() => startAnnouncing(process.execPath, [floorJs, mockOrigin])) }

    const measured: Measured = { scenarios, startupMs, openStreams }
    const rows = tableRows(measured)
    const summary = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
      secondsPerArm: seconds,
      table: rows,
      ...measured,
    }
    mkdirSync(path.join(benchDir, 'results'), { recursive: true })
    writeFileSync(path.join(benchDir, 'results', 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`)
    process.stdout.write(`${markdownTable(rows)}\n\n${scenarioTable(scenarios)}\n`)
  } finally {
    await Promise.all([...children.map((c) => c.stop()), llama?.close()])
  }
}

function startGateway(configFile: string): Promise<Child & { readyMs: number }> {
  return startListening(
    process.execPath,
    (port) => [path.join(repoRoot, 'dist/cli.js'), 'serve', '--config', configFile, '--port', String(port), '--host', '127.0.0.1'],
    { ...process.env, LOG_LEVEL: 'info', LOG_PRETTY: '0' },
    '/health/readiness',
  )
}

/** One scenario against each of its arms: a second's warm-up, then `seconds` measured. */
function runScenario(scenario: Scenario, arms: Arms, seconds: number, tokensPerAnswer?: number): Row {
  const row: Row = {}
  for (const name of scenario.arms ?? (Object.keys(arms) as ArmName[])) {
    const arm = arms[name]
    if (arm === undefined) continue
    const spec = (durationMs: number): LoadSpec => ({
      origin: `http://127.0.0.1:${arm.port}`,
      path: scenario.path,
      body: JSON.stringify(scenario.body),
      connections: scenario.connections,
      headers: arm.headers,
      durationMs,
      ...(scenario.marker === undefined ? {} : { firstTokenMarker: scenario.marker }),
      ...(tokensPerAnswer === undefined ? {} : { tokensPerAnswer }),
    })
    runLoad(spec(1000)) // warm-up: JIT, connection pools
    const cpuBefore = arm.pid === undefined ? 0 : cpuMicros(arm.pid)
    const result: ArmResult = runLoad(spec(seconds * 1000))
    if (arm.pid !== undefined && result.requests > 0) result.cpuUsPerRequest = Math.round((cpuMicros(arm.pid) - cpuBefore) / result.requests)
    row[name] = result
    process.stderr.write(`bench: ${scenario.name.padEnd(28)} ${name.padEnd(10)} ${result.rps.toFixed(0).padStart(6)} req/s  errors ${result.errors}\n`)
  }
  return row
}

/**
 * One request at a time, to each arm in turn (direct, floor, switchyard, direct, …): on a busy
 * machine, noise then hits every arm alike, and added latency stays a same-moment difference.
 */
function runInterleaved(scenario: Scenario, arms: Arms, seconds: number, tokensPerAnswer?: number): Row {
  const targets = (scenario.arms ?? (Object.keys(arms) as ArmName[])).flatMap((name) => {
    const arm = arms[name]
    return arm === undefined ? [] : [{ name, origin: `http://127.0.0.1:${arm.port}`, headers: arm.headers }]
  })
  const spec = (durationMs: number): InterleavedSpec => ({
    targets,
    path: scenario.path,
    body: JSON.stringify(scenario.body),
    durationMs,
    ...(scenario.marker === undefined ? {} : { firstTokenMarker: scenario.marker }),
    ...(tokensPerAnswer === undefined ? {} : { tokensPerAnswer }),
  })
  runLoad(spec(1000)) // warm-up
  const row = runLoad(spec(seconds * 1000)) as Row
  for (const [name, r] of Object.entries(row)) process.stderr.write(`bench: ${scenario.name.padEnd(28)} ${name.padEnd(10)} ${r!.rps.toFixed(0).padStart(6)} req/s  errors ${r!.errors} (interleaved)\n`)
  return row
}

function runLoad(spec: LoadSpec): LoadResult
function runLoad(spec: InterleavedSpec): Record<string, LoadResult>
function runLoad(spec: LoadSpec | InterleavedSpec): LoadResult | Record<string, LoadResult> {
  const out = execFileSync(process.execPath, [built('load'), JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(out) as LoadResult | Record<string, LoadResult>
}

/**
 * Opens `count` streams at once through an arm to the mock (a chunk a second, so they stay open
 * over real sockets) and reads the arm's resident memory with all of them open.
 */
async function measureOpenStreams(port: number, pid: number, count: number): Promise<OpenStreams> {
  await new Promise((r) => setTimeout(r, 1000))
  const rssBefore = rssBytes(pid)
  const spec: OpenStreamsSpec = { origin: `http://127.0.0.1:${port}`, path: '/v1/chat/completions', body: JSON.stringify(HELD_STREAM), headers: AUTH, count, holdMs: 3000, firstTokenMarker: 'word' }
  const child = spawn(process.execPath, [built('open-streams'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
  const open = JSON.parse(line) as OpenStreamsResult
  // Let the last streams' setup garbage settle before reading memory.
  await new Promise((r) => setTimeout(r, 1000))
  const rssOpen = rssBytes(pid)
  await once(child, 'exit')
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10
  process.stderr.write(`bench: open-streams port ${port}: ${open.opened} open, errors ${open.errors}\n`)
  return {
    count,
    opened: open.opened,
    errors: open.errors,
    openMs: Math.round(open.openMs),
    errorReasons: open.errorReasons,
    rssGrowthMB: mb(rssOpen - rssBefore),
    kbPerStream: open.opened === 0 ? undefined : Math.round(((rssOpen - rssBefore) / open.opened / 1024) * 10) / 10,
  }
}

/** switchyard_upstream_connection_waits_total summed over providers. */
async function upstreamWaits(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  let total = 0
  for (const m of text.matchAll(/^switchyard_upstream_connection_waits_total\{[^}]*\} (\S+)$/gm)) total += Number(m[1])
  return total
}

/** The median of three fresh start-ups, ms to ready. */
async function medianStartup(startOne: () => Promise<Child & { readyMs: number }>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const child = await startOne()
    times.push(child.readyMs)
    await child.stop()
  }
  return Math.round(times.sort((a, b) => a - b)[1]!)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
