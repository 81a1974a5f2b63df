/**
 * Tests that start Switchyard as a process run the built CLI (what `npm start` and the image
 * run), not src/ through tsx: a worker forked through tsx took 11.7 s to start on a loaded
 * 2-core machine, and the tests' waits were tuned to an idle one.
 *
 * `npm test`, `npm run test:e2e` and `npm run test:ops` build once per run into a folder of their own and say where
 * in SWITCHYARD_TEST_DIST (two runs side by side never read each other's half-written files);
 * a file run on its own uses dist/ (`npm run build`). Waits for a process to start are derived
 * from this machine: ten times a measured start-up of the built CLI, and never under 30 s.
 * The same bound serves every process a test starts (Redis, Prometheus): generous, since it
 * only matters when something is wrong.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The floor of every start-up wait, however fast the machine measured. */
const MIN_STARTUP_BOUND_MS = 30_000
const STARTUP_FACTOR = 10
/** A measurement that takes longer than this is a broken build, not a slow machine. */
const MEASURE_LIMIT_MS = 120_000

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/**
 * A file of the build (`cli.js`, `demo/traffic-cli.js`); throws, saying what to run, when there
 * is no build or dist/ is older than src/.
 */
export function builtFile(relative: string): string {
  const given = process.env.SWITCHYARD_TEST_DIST
  const dist = given ?? path.join(repoRoot, 'dist')
  const file = path.join(dist, relative)
  const advice = 'run `npm run build` first (npm test, test:e2e and test:ops build it themselves)'
  if (!existsSync(file)) throw new Error(`${file} does not exist: ${advice}`)
  if (given === undefined && statSync(file).mtimeMs < newestMtime(path.join(repoRoot, 'src'))) throw new Error(`${file} is older than src/: ${advice}`)
  return file
}

/** The built CLI's entry point. */
export function builtCli(): string {
  return builtFile('cli.js')
}

/** Milliseconds from spawning `node <cli> serve` to its "switchyard is listening" line. */
export async function measureStartupMs(cli: string): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-startup-'))
  const file = path.join(dir, 'routes.yaml')
  writeFileSync(file, 'providers:\n  fake: { kind: fake, models: [echo-1] }\nmodels:\n  demo: fake/echo-1\n')
  const started = performance.now()
  const child = spawn(process.execPath, [cli, 'serve', '--config', file, '--port', '0', '--host', '127.0.0.1'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', LOG_PRETTY: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the built CLI did not start within ${MEASURE_LIMIT_MS} ms:\n${output}`)), MEASURE_LIMIT_MS)
      const onData = (b: Buffer) => {
        output += b.toString()
        if (output.includes('"msg":"switchyard is listening"')) {
          clearTimeout(timer)
          resolve(performance.now() - started)
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', (b: Buffer) => (output += b.toString()))
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the built CLI exited (${code}) before listening:\n${output}`))
      })
    })
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Milliseconds for a bare `node -e ''` to run: the machine's pace when there is no build to start. */
async function measureNodeMs(): Promise<number> {
  const started = performance.now()
  await new Promise((resolve) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('exit', resolve))
  return performance.now() - started
}

/**
 * The measured start-up: SWITCHYARD_TEST_STARTUP_MS from the runner, else the built CLI measured
 * once in this process, else (no build: a unit test starting Redis) a bare node start.
 */
let measuring: Promise<number> | undefined
export function machineStartupMs(): Promise<number> {
  const given = Number(process.env.SWITCHYARD_TEST_STARTUP_MS)
  if (Number.isFinite(given) && given > 0) return Promise.resolve(given)
  if (measuring === undefined) {
    let cli: string | undefined
    try {
      cli = builtCli()
    } catch {
      cli = undefined
    }
    measuring = cli === undefined ? measureNodeMs() : measureStartupMs(cli)
  }
  return measuring
}

/** How long to wait for any process this machine starts (a gateway, a worker, Redis, Prometheus). */
export async function startupBoundMs(): Promise<number> {
  return Math.max(MIN_STARTUP_BOUND_MS, Math.ceil(STARTUP_FACTOR * (await machineStartupMs())))
}
