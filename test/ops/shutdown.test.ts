/**
 * Graceful shutdown with real processes and signals: on SIGTERM the listener closes, a stream
 * in flight runs to its end and the process exits 0; a stream longer than the grace period is
 * cut when it runs out.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { machineStartupMs } from '../helpers/built-cli.js'
import { listeningUrl, startCli, type CliProcess } from '../helpers/cli-process.js'

const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-shutdown-'))
const started: CliProcess[] = []

/**
 * A grace period no stream here comes near, even on a loaded machine: a process that exits
 * before it ends did not wait it out (a fixed 5 s bound measured the machine, not the gateway).
 */
const LONG_GRACE_MS = 120_000

function serve(graceMs: number, delayMs = 0): CliProcess {
  const file = path.join(dir, `routes-${graceMs}-${delayMs}.yaml`)
  writeFileSync(file, `server: { shutdown_grace_ms: ${graceMs}, shutdown_delay_ms: ${delayMs} }\nproviders:\n  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 20, models: [echo-1] }\nmodels:\n  demo: fake/echo-1\n`)
  const cli = startCli(['serve', '--config', file, '--port', '0', '--host', '127.0.0.1'])
  started.push(cli)
  return cli
}

/** Opens a stream of `tokens` pieces (20 per second) and resolves once its first bytes arrive. */
async function openStream(url: string, tokens: number) {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo', stream: true, max_tokens: tokens, messages: [{ role: 'user', content: 'go on' }] }),
  })
  assert.equal(res.status, 200)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = decoder.decode((await reader.read()).value)
  const rest = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
      }
    } catch {
      // Cut by the server: what arrived so far is the answer.
    }
    return text
  })()
  // Wrapped: an async function returning a bare promise would wait for it.
  return { rest }
}

describe('graceful shutdown', () => {
  // Started together: each test signals its own process.
  let finishing: CliProcess
  let delayed: CliProcess
  let cutting: CliProcess
  before(async () => {
    finishing = serve(LONG_GRACE_MS)
    // Long enough for the test's two requests after the signal on a loaded machine: twice a start-up here.
    delayed = serve(10_000, Math.max(1_500, 2 * Math.ceil(await machineStartupMs())))
    cutting = serve(300)
  })
  after(async () => {
    await Promise.all(started.map((c) => c.kill()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('SIGTERM: stops accepting, the stream in flight finishes, then the process exits 0', async () => {
    const cli = finishing
    const url = await listeningUrl(cli)
    const stream = await openStream(url, 20) // about a second
    const signalledAt = Date.now()
    cli.child.kill('SIGTERM')
    await cli.waitForLog((l) => l.msg === 'waiting for requests in flight')
    await assert.rejects(fetch(`${url}/health/liveness`), 'the listener is closed')
    const text = await stream.rest
    assert.ok(text.trimEnd().endsWith('data: [DONE]'), `the stream ran to its end: ${text.slice(-200)}`)
    assert.equal((text.match(/"content":"/g) ?? []).length >= 20, true)
    assert.equal(await cli.exited, 0)
    const took = Date.now() - signalledAt
    assert.ok(took < LONG_GRACE_MS, `exited ${took} ms after SIGTERM: once nothing is in flight the grace is not waited out`)
    assert.equal((await cli.waitForLog((l) => l.msg === 'stopped')).cut, 0)
  })

  it('readiness turns false first: during shutdown_delay_ms it answers 503 while requests are still served', async () => {
    const cli = delayed
    const url = await listeningUrl(cli)
    assert.deepEqual(await (await fetch(`${url}/health/readiness`)).json(), { status: 'ready' })
    cli.child.kill('SIGTERM')
    await cli.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('shutting down'))
    const readiness = await fetch(`${url}/health/readiness`)
    assert.equal(readiness.status, 503)
    assert.deepEqual(await readiness.json(), { status: 'not_ready', reason: 'shutting down' })
    // From now on every answer closes its connection: no idle keep-alive socket is left for the drain to close under a request.
    assert.equal(readiness.headers.get('connection'), 'close')
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo', max_tokens: 2, messages: [{ role: 'user', content: 'still there?' }] }),
    })
    assert.equal(res.status, 200)
    await res.arrayBuffer()
    assert.equal(await cli.exited, 0)
  })

  it('a stream longer than shutdown_grace_ms is cut when the grace period ends', async () => {
    const cli = cutting
    const url = await listeningUrl(cli)
    const stream = await openStream(url, 200) // ten seconds
    const signalledAt = Date.now()
    cli.child.kill('SIGTERM')
    assert.equal(await cli.exited, 0)
    const took = Date.now() - signalledAt
    assert.ok(took >= 250 && took < 3_000, `exited after ${took} ms`)
    const text = await stream.rest
    assert.ok(!text.includes('[DONE]'), 'cut before its end')
    assert.equal((await cli.waitForLog((l) => l.msg === 'stopped')).cut, 1)
  })
})
