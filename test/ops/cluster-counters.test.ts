/**
 * --workers with real processes, when a worker dies: the primary replaces it and the
 * cluster-wide counters do not drop (Prometheus would read a reset), because the dead
 * worker's last counters stay in every later sum; and a worker whose primary was killed
 * prints no unhandled EPIPE. Waits are generous: workers start through tsx, which takes many
 * seconds on a loaded machine.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCli, type CliProcess } from '../helpers/cli-process.js'
import { metricValue } from '../helpers/gateway.js'

const ROUTES = `
providers:
  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 2000, models: [echo-1] }
models:
  demo: fake/echo-1
`
/** Starting a worker through tsx has taken 12 s on a loaded machine: allow ten times that. */
const START_MS = 120_000

function call(url: string, method: 'GET' | 'POST', body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time, so the primary spreads requests over the workers.
    const req = request(url, { method, agent: false, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.on('data', (b: Buffer) => (text += b.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

const ask = (url: string) => call(`${url}/v1/chat/completions`, 'POST', { model: 'demo', max_tokens: 2, messages: [{ role: 'user', content: 'hi' }] })
const served = async (url: string) => metricValue((await call(`${url}/metrics`, 'GET')).text, 'switchyard_requests_total', { route: 'demo', status: '200' }) ?? 0

/** The pids of a process's children (the cluster's workers). */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()
  return text === '' ? [] : text.split(/\s+/).map(Number)
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = START_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function startCluster(dir: string): CliProcess {
  return startCli(['serve', '--config', path.join(dir, 'routes.yaml'), '--port', '0', '--host', '127.0.0.1', '--workers', '2'])
}

/** The shared url, once both workers listen. */
async function bothListening(cli: CliProcess): Promise<string> {
  const first = await cli.waitForLog((l) => l.msg === 'switchyard is listening', START_MS)
  await until('both workers to listen', () => cli.logs.filter((l) => l.msg === 'switchyard is listening').length >= 2)
  return String(first.url)
}

describe('--workers 2 when a worker dies', () => {
  let dir: string
  let cli: CliProcess
  let url: string
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-cluster-'))
    writeFileSync(path.join(dir, 'routes.yaml'), ROUTES)
    cli = startCluster(dir)
    url = await bothListening(cli)
  })
  after(async () => {
    await cli?.kill()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the replacement starts and the cluster-wide counters keep counting from where they were', async () => {
    const n = 16
    for (let i = 0; i < n; i++) assert.equal((await ask(url)).status, 200)
    await until('/metrics to count every request', async () => (await served(url)) === n)
    const workers = childrenOf(cli.child.pid!)
    assert.equal(workers.length, 2, `workers: ${workers.join(', ')}`)
    process.kill(workers[0]!, 'SIGKILL')
    await cli.waitForLog((l) => l.msg === 'worker died; starting another', START_MS)
    await cli.waitForLog((l) => l.msg === 'switchyard is listening' && l.worker === 3, START_MS)
    // Whichever worker answers, and however often: never less than before.
    for (let i = 0; i < 6; i++) assert.equal(await served(url), n, 'the dead worker\'s requests still count')
    for (let i = 0; i < 4; i++) assert.equal((await ask(url)).status, 200)
    await until('/metrics to count the new requests too', async () => (await served(url)) === n + 4, 30_000)
  })
})

describe('a worker whose primary was killed', () => {
  const FIXTURE = fileURLToPath(new URL('./fixtures/cluster-epipe.ts', import.meta.url))

  /** Runs the fixture cluster, kills its primary once the worker is up, returns the worker's stderr. */
  async function killPrimary(mode: 'guarded' | 'bare'): Promise<string> {
    const primary = spawn(process.execPath, ['--import', 'tsx', FIXTURE, mode], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    primary.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    // The worker inherits these pipes, so its stderr arrives here after the primary is gone.
    const closed = new Promise((resolve) => primary.stderr.on('close', resolve))
    primary.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    await until('the worker to be up', () => stdout.includes('worker up'), START_MS)
    primary.kill('SIGKILL')
    await closed
    return stderr
  }

  it('prints no unhandled EPIPE when it next talks to the primary (without the guard, it does)', async () => {
    assert.match(await killPrimary('bare'), /EPIPE/, 'the fixture reproduces the failure')
    assert.equal(await killPrimary('guarded'), '')
  })
})
