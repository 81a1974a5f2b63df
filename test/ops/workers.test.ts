/**
 * --workers with real processes: two workers share the port, /metrics answers for both
 * together (whichever worker serves it), a reload reaches every worker, and SIGTERM to the
 * primary drains and stops them all.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listeningUrl, startCli, type CliProcess } from '../helpers/cli-process.js'
import { metricValue } from '../helpers/gateway.js'

const ROUTES = `
providers:
  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 2000, models: [echo-1] }
models:
  demo: fake/echo-1
`

/** POST on a fresh connection each time, so the primary spreads requests over the workers. */
function post(url: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.on('data', (b: Buffer) => (text += b.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

function get(url: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { agent: false }, (res) => {
      let text = ''
      res.on('data', (b: Buffer) => (text += b.toString()))
      res.on('end', () => resolve(text))
    })
      .on('error', reject)
      .end()
  })
}

describe('--workers 2', () => {
  let dir: string
  let cli: CliProcess
  let url: string
  let failing: CliProcess
  const blocker = createServer()

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-workers-'))
    writeFileSync(path.join(dir, 'routes.yaml'), ROUTES)
    // A cluster whose workers cannot listen (the port is taken), started alongside the good one.
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as AddressInfo).port
    failing = startCli(['serve', '--config', path.join(dir, 'routes.yaml'), '--port', String(taken), '--host', '127.0.0.1', '--workers', '2'])
    cli = startCli(['serve', '--config', path.join(dir, 'routes.yaml'), '--port', '0', '--host', '127.0.0.1', '--workers', '2'])
    url = await listeningUrl(cli)
    await cli.waitForLog((l) => l.msg === 'switchyard is listening' && l.worker === 2)
  })
  after(async () => {
    await Promise.all([cli?.kill(), failing?.kill()])
    blocker.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('both workers serve one port, and /metrics counts the requests of both', async () => {
    const listening = cli.logs.filter((l) => l.msg === 'switchyard is listening')
    assert.deepEqual(new Set(listening.map((l) => l.url)), new Set([url]), 'one shared port')
    const n = 24
    for (let i = 0; i < n; i++) {
      const res = await post(url, '/v1/chat/completions', { model: 'demo', max_tokens: 2, messages: [{ role: 'user', content: `hi ${i}` }] })
      assert.equal(res.status, 200, res.text)
    }
    await cli.waitForLog(() => cli.logs.filter((l) => l.msg === 'request').length === n)
    const served = new Set(cli.logs.filter((l) => l.msg === 'request').map((l) => l.worker))
    assert.deepEqual([...served].sort(), [1, 2], 'the primary spread the connections')
    // Ask several times: whichever worker answers, the count is the cluster's.
    for (let i = 0; i < 4; i++) {
      const text = await get(url, '/metrics')
      assert.equal(metricValue(text, 'switchyard_requests_total', { route: 'demo', status: '200' }), n, text.slice(0, 500))
    }
  })

  it('a changed file reloads every worker', async () => {
    writeFileSync(path.join(dir, 'routes.yaml'), `${ROUTES}  added: fake/echo-1\n`)
    await cli.waitForLog((l) => l.msg === 'config reloaded' && l.worker === 1)
    await cli.waitForLog((l) => l.msg === 'config reloaded' && l.worker === 2)
    for (let i = 0; i < 6; i++) assert.equal((await post(url, '/v1/chat/completions', { model: 'added', max_tokens: 2, messages: [{ role: 'user', content: 'hi' }] })).status, 200)
    const text = await get(url, '/metrics')
    assert.equal(metricValue(text, 'switchyard_config_reloads_total', { result: 'success' }), 2, 'one per worker')
    // A timestamp is not summed over the workers: the oldest one's.
    const loadedAt = metricValue(text, 'switchyard_config_last_reload_success_timestamp_seconds')!
    assert.ok(Math.abs(loadedAt - Date.now() / 1000) < 60, `last good load at ${loadedAt}`)
  })

  it('a worker that cannot listen stops the cluster with exit code 1 (no restart loop)', async () => {
    assert.equal(await failing.exited, 1)
    assert.ok(failing.logs.some((l) => l.msg === 'a worker failed to start; stopping'))
    assert.ok(!failing.logs.some((l) => l.msg === 'worker died; starting another'))
  })

  it('SIGTERM to the primary stops every worker and exits 0', async () => {
    cli.child.kill('SIGTERM')
    assert.equal(await cli.exited, 0)
    const stopped = cli.logs.filter((l) => l.msg === 'stopped').map((l) => l.worker)
    assert.deepEqual(stopped.sort(), [1, 2])
  })
})
