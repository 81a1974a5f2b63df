/**
 * The runner behind `npm test` and `npm run test:<part>`.
 *
 *   node --import tsx test/runner/run.ts [typecheck] [unit|e2e|ops|soak …] [test/some/path …]
 *
 * With no part named it runs the typecheck and every part (see parts.ts for which file is in
 * which part). Paths keep only the test files under them. Every step runs even when an earlier
 * one failed; each reports its time and counts, a summary ends the run, and the exit code is 1
 * if anything failed. Files run `TEST_CONCURRENCY` at a time (default: the machine's cores; twice that for ops),
 * then the part's *.timing.test.ts one at a time. The parts that start Switchyard as a process
 * (e2e, ops) get one build of src/ for the run and the measured start-up time of this machine.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { measureStartupMs, repoRoot } from '../helpers/built-cli.js'
import { findTestFiles, isPartName, isTimingFile, PARTS, partOf, type PartName } from './parts.js'

/** Parts whose tests start the built CLI. */
const NEEDS_BUILD: ReadonlySet<PartName> = new Set(['e2e', 'ops'])
/**
 * Parts whose files share processes: one per core, each importing its share of the files, so
 * ~50 unit files do not each pay a node + tsx start-up (~0.75 s of CPU apiece). Their files
 * must leave nothing behind (servers, timers, environment): the other parts keep a process per file.
 */
const SHARED_PROCESSES: ReadonlySet<PartName> = new Set(['unit'])
/**
 * Parts whose files spend most of their time waiting on processes they started (start-ups,
 * drains, scrapes): measured, ops used 2 minutes of CPU in 5 minutes of wall-clock time. They
 * run two files per core.
 */
const WAITING_PARTS: ReadonlySet<PartName> = new Set(['ops'])
/** A batch still running after this is hung: it is killed and reported, and the run goes on. */
const BATCH_LIMIT_MS = Number(process.env.TEST_BATCH_LIMIT_MS ?? 20 * 60_000)
const REPORTER = fileURLToPath(new URL('./tally-reporter.mjs', import.meta.url))

/** What tally-reporter.mjs writes for one batch. */
interface Tally {
  pass: number
  fail: number
  skip: number
  /** "file › test name" of each failed test (a file that failed to load counts as one). */
  failures: string[]
  /** Milliseconds per file (relative path), its top-level tests summed. */
  fileMs: Record<string, number>
}

interface StepResult {
  name: string
  ok: boolean
  ms: number
  files?: number
  tally?: Tally
  note?: string
}

interface Build {
  env: Record<string, string>
  note: string
  /** Whether a part's summary has shown the note (the build is shared by the parts that need it). */
  noted: boolean
}

const running = new Set<number>()

function seconds(ms: number): string {
  const s = ms / 1000
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${(s % 60).toFixed(0).padStart(2, '0')}s`
}

/** Runs a command in its own process group (so a hung batch is killed whole); resolves with its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, limitMs = BATCH_LIMIT_MS): Promise<{ code: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit', detached: true })
    const pid = child.pid ?? 0
    running.add(pid)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      console.error(`\nrunner: ${path.basename(command)} ${args.slice(-1)[0]} still running after ${seconds(limitMs)}: killing it`)
      killGroup(pid)
    }, limitMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      running.delete(pid)
      resolve({ code: code ?? (signal === null ? 1 : 128), timedOut })
    })
  })
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/**
 * Type-checks src/, test/, bench/ and scripts/. When `emitTo` is given, the same compilation also
 * writes the JavaScript there (src/ lands in `<emitTo>/src`): the parts that start the built CLI
 * then need no second compile of src/.
 */
async function typecheck(emitTo?: string): Promise<StepResult> {
  const started = performance.now()
  const emit = emitTo === undefined ? ['--noEmit'] : ['--outDir', emitTo]
  const { code } = await run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', ...emit])
  return { name: 'typecheck', ok: code === 0, ms: performance.now() - started }
}

/** A folder of its own beside dist/ for this run's build (so packages resolve from the repo's node_modules), removed at the end. */
function buildDir(): string {
  const dir = mkdtempSync(path.join(repoRoot, '.test-dist-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/**
 * src/ built once for this run: found where the typecheck emitted it, else compiled here
 * (tsconfig.build.json). Then one start-up of the built CLI is measured, for the parts' waits.
 */
async function buildOnce(emitted: string | undefined): Promise<Build | Error> {
  const started = performance.now()
  let dir: string
  if (emitted !== undefined && existsSync(path.join(emitted, 'src', 'cli.js'))) {
    dir = path.join(emitted, 'src')
  } else {
    dir = buildDir()
    const { code } = await run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dir])
    if (code !== 0) return new Error('the build of src/ failed')
  }
  const buildMs = performance.now() - started
  const startupMs = await measureStartupMs(path.join(dir, 'cli.js')).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))
  if (startupMs instanceof Error) return startupMs
  const note = `${emitted === undefined ? `build ${seconds(buildMs)}` : 'built by the typecheck'}, one gateway start-up ${Math.round(startupMs)} ms`
  console.log(`runner: ${note}`)
  return { env: { SWITCHYARD_TEST_DIST: dir, SWITCHYARD_TEST_STARTUP_MS: String(Math.round(startupMs)) }, note, noted: false }
}

function readTally(file: string): Tally | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Tally
  } catch {
    return undefined
  }
}

function addTally(into: Tally, more: Tally): void {
  into.pass += more.pass
  into.fail += more.fail
  into.skip += more.skip
  into.failures.push(...more.failures)
  Object.assign(into.fileMs, more.fileMs)
}

async function runBatch(files: string[], concurrency: number, env: NodeJS.ProcessEnv, tally: Tally): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-tally-'))
  const out = path.join(dir, 'tally.json')
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${REPORTER}`, `--test-reporter-destination=${out}`, ...files]
  const { code, timedOut } = await run(process.execPath, args, env)
  const got = readTally(out)
  rmSync(dir, { recursive: true, force: true })
  if (got !== undefined) addTally(tally, got)
  if (timedOut) tally.failures.push(`(batch of ${files.length} files killed after ${seconds(BATCH_LIMIT_MS)})`)
  else if (code !== 0 && (got === undefined || got.failures.length === 0)) tally.failures.push(`(node --test exited ${code} without naming a failed test)`)
  return code === 0 && !timedOut
}

/**
 * `files` spread over `count` entry files (largest first, each to the lightest shard) that
 * import them; node:test still reports each test under its own file.
 */
function writeShards(files: string[], count: number): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-shards-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const shards = Array.from({ length: Math.min(count, files.length) }, () => ({ bytes: 0, files: [] as string[] }))
  const sized = files.map((f) => ({ f, bytes: statSync(path.join(repoRoot, f)).size })).sort((a, b) => b.bytes - a.bytes)
  for (const { f, bytes } of sized) {
    const lightest = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a))
    lightest.bytes += bytes
    lightest.files.push(f)
  }
  return shards.map((shard, i) => {
    const entry = path.join(dir, `shard-${i + 1}.test.mjs`)
    writeFileSync(entry, shard.files.map((f) => `import ${JSON.stringify(pathToFileURL(path.join(repoRoot, f)).href)}\n`).join(''))
    return entry
  })
}

async function runPart(part: PartName, files: string[], build: () => Promise<Build | Error>): Promise<StepResult> {
  const started = performance.now()
  const tally: Tally = { pass: 0, fail: 0, skip: 0, failures: [], fileMs: {} }
  console.log(`\n━━ ${part}: ${files.length} files ━━`)
  let env: NodeJS.ProcessEnv = process.env
  let note: string | undefined
  if (NEEDS_BUILD.has(part)) {
    const built = await build()
    if (built instanceof Error) return { name: part, ok: false, ms: performance.now() - started, files: files.length, tally, note: built.message }
    env = { ...process.env, ...built.env }
    if (!built.noted) note = `${built.note}, included here`
    built.noted = true
  }
  const concurrency = Number(process.env.TEST_CONCURRENCY ?? availableParallelism() * (WAITING_PARTS.has(part) ? 2 : 1))
  const together = files.filter((f) => !isTimingFile(f))
  const alone = files.filter(isTimingFile)
  let ok = true
  if (together.length > 0) {
    const entries = SHARED_PROCESSES.has(part) ? writeShards(together, concurrency) : together
    ok = (await runBatch(entries, concurrency, env, tally)) && ok
  }
  if (alone.length > 0) {
    console.log(`\n━━ ${part}: ${alone.length} timing files, one at a time ━━`)
    ok = (await runBatch(alone, 1, env, tally)) && ok
  }
  const ms = performance.now() - started
  const slowest = Object.entries(tally.fileMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([f, t]) => `${path.relative('test', f)} ${seconds(t)}`)
  console.log(`\n━━ ${part}: ${ok ? 'passed' : 'FAILED'} in ${seconds(ms)} (${tally.pass} passed, ${tally.fail} failed, ${tally.skip} skipped); slowest: ${slowest.join(', ')}`)
  return { name: part, ok, ms, files: files.length, tally, ...(note === undefined ? {} : { note }) }
}

function printSummary(results: StepResult[], totalMs: number): void {
  console.log('\n━━ summary ━━')
  console.log(`${'step'.padEnd(10)} ${'files'.padStart(5)} ${'passed'.padStart(6)} ${'failed'.padStart(6)} ${'skipped'.padStart(7)} ${'time'.padStart(8)}  result`)
  for (const r of results) {
    const t = r.tally
    const cells = [r.name.padEnd(10), String(r.files ?? '').padStart(5), String(t?.pass ?? '').padStart(6), String(t?.fail ?? '').padStart(6), String(t?.skip ?? '').padStart(7), seconds(r.ms).padStart(8)]
    console.log(`${cells.join(' ')}  ${r.ok ? 'ok' : 'FAILED'}${r.note === undefined ? '' : ` (${r.note})`}`)
  }
  console.log(`${'total'.padEnd(10)} ${' '.repeat(5 + 6 + 6 + 7 + 3)} ${seconds(totalMs).padStart(8)}  ${results.every((r) => r.ok) ? 'ok' : 'FAILED'}`)
  for (const r of results.filter((x) => !x.ok)) {
    for (const f of r.tally?.failures ?? []) console.log(`  ✗ ${r.name}: ${f}`)
  }
}

const cleanups: (() => void)[] = []
function cleanUp(): void {
  for (const pid of running) killGroup(pid)
  for (const c of cleanups.splice(0)) c()
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUp()
    process.exit(130)
  })
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== 'typecheck' && !isPartName(a) && !a.startsWith('test/') && !a.startsWith('./test/'))
  if (unknown.length > 0) {
    console.error(`runner: unknown arguments ${unknown.join(' ')}\nusage: test/runner/run.ts [typecheck] [${PARTS.join('|')} …] [test/some/path …]`)
    return 2
  }
  const named = args.filter(isPartName)
  const paths = args.filter((a) => a.includes('/')).map((a) => path.posix.normalize(a.replace(/^\.\//, '')).replace(/\/$/, ''))
  const everything = named.length === 0 && paths.length === 0 && !args.includes('typecheck')
  const parts = named.length > 0 ? named : paths.length > 0 ? [...PARTS] : everything ? [...PARTS] : []
  const files = findTestFiles(repoRoot).filter((f) => paths.length === 0 || paths.some((p) => f === p || f.startsWith(`${p}/`)))
  const started = performance.now()
  const results: StepResult[] = []
  const needsBuild = parts.some((part) => NEEDS_BUILD.has(part) && files.some((f) => partOf(f) === part))
  const emitted = needsBuild && (everything || args.includes('typecheck')) ? buildDir() : undefined
  if (everything || args.includes('typecheck')) results.push(await typecheck(emitted))
  let built: Promise<Build | Error> | undefined
  const build = () => (built ??= buildOnce(emitted))
  for (const part of parts) {
    const mine = files.filter((f) => partOf(f) === part)
    if (mine.length > 0) results.push(await runPart(part, mine, build))
  }
  if (results.length === 0) {
    console.error(`runner: no test files match ${args.join(' ')}`)
    return 2
  }
  printSummary(results, performance.now() - started)
  return results.every((r) => r.ok) ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => {
    cleanUp()
    process.exit(code)
  },
  (err: unknown) => {
    console.error(err)
    cleanUp()
    process.exit(1)
  },
)
