/**
 * Hot reload with real processes and signals: a file change is picked up (also when the editor
 * replaces the file), an invalid file is refused with file:line:col while the old config keeps
 * serving, SIGHUP reloads when watching is off, and a stream in flight keeps its config.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import OpenAI from 'openai'
import { startGateway } from '../../src/server.js'
import { listeningUrl, startCli, type CliProcess } from '../helpers/cli-process.js'
import { metricValue } from '../helpers/gateway.js'

const BASE = `
providers:
  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 2000, models: [echo-1] }
models:
  demo: fake/echo-1
`

async function chatStatus(url: string, model: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] }),
  })
  await res.arrayBuffer()
  return res.status
}

async function metrics(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text()
}

describe('hot reload of routes.yaml', () => {
  let dir: string
  let watching: CliProcess
  let signalled: CliProcess
  const watchedFile = () => path.join(dir, 'routes.yaml')
  const hupFile = () => path.join(dir, 'hup.yaml')

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-reload-'))
    writeFileSync(watchedFile(), BASE)
    writeFileSync(hupFile(), `server: { watch_config: false }\n${BASE}`)
    watching = startCli(['serve', '--config', watchedFile(), '--port', '0', '--host', '127.0.0.1'])
    signalled = startCli(['serve', '--config', hupFile(), '--port', '0', '--host', '127.0.0.1'])
  })
  after(async () => {
    await Promise.all([watching?.kill(), signalled?.kill()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('picks up a changed file, refuses an invalid one with line:col and keeps serving', async () => {
    const url = await listeningUrl(watching)
    assert.equal(await chatStatus(url, 'added'), 404)

    // Written as editors do: a new file renamed over the old one.
    writeFileSync(path.join(dir, 'routes.yaml.tmp'), `${BASE}  added: fake/echo-1\n`)
    renameSync(path.join(dir, 'routes.yaml.tmp'), watchedFile())
    await watching.waitForLog((l) => l.msg === 'config reloaded' && l.trigger === 'watch')
    assert.equal(await chatStatus(url, 'added'), 200)

    // Line 7, column 11: a target naming a provider that does not exist.
    writeFileSync(watchedFile(), `${BASE}  added: fake/echo-1\n  broken: nowhere/x\n`)
    const refused = await watching.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('config reload refused'))
    assert.match(String(refused.msg), new RegExp(`${watchedFile().replaceAll('.', '\\.')}:7:11: .*nowhere`))
    assert.equal(await chatStatus(url, 'added'), 200, 'the old config keeps serving')
    assert.equal(await chatStatus(url, 'broken'), 404)

    const text = await metrics(url)
    assert.equal(metricValue(text, 'switchyard_config_reloads_total', { result: 'success' }), 1)
    assert.equal(metricValue(text, 'switchyard_config_reloads_total', { result: 'failure' }), 1)
    const loadedAt = metricValue(text, 'switchyard_config_last_reload_success_timestamp_seconds')!
    assert.ok(Math.abs(loadedAt - Date.now() / 1000) < 30, `last good load at ${loadedAt}`)
  })

  it('reloads on SIGHUP (and not on a change when server.watch_config is false)', async () => {
    const url = await listeningUrl(signalled)
    writeFileSync(hupFile(), `server: { watch_config: false }\n${BASE}  added: fake/echo-1\n`)
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.equal(await chatStatus(url, 'added'), 404, 'not watching')
    signalled.child.kill('SIGHUP')
    await signalled.waitForLog((l) => l.msg === 'config reloaded' && l.trigger === 'SIGHUP')
    assert.equal(await chatStatus(url, 'added'), 200)
    assert.equal(metricValue(await metrics(url), 'switchyard_config_reloads_total', { result: 'success' }), 1)
  })

  it('follows a Kubernetes-style ConfigMap update (a ..data symlink swapped to a new folder)', async () => {
    const root = path.join(dir, 'configmap')
    mkdirSync(path.join(root, 'v1'), { recursive: true })
    mkdirSync(path.join(root, 'v2'))
    writeFileSync(path.join(root, 'v1', 'routes.yaml'), BASE)
    writeFileSync(path.join(root, 'v2', 'routes.yaml'), `${BASE}  added: fake/echo-1\n`)
    symlinkSync('v1', path.join(root, '..data'))
    symlinkSync('..data/routes.yaml', path.join(root, 'routes.yaml'))
    const gateway = await startGateway({ config: { file: path.join(root, 'routes.yaml'), env: {} }, port: 0, host: '127.0.0.1', watch: true })
    try {
      assert.equal(await chatStatus(gateway.url, 'added'), 404)
      symlinkSync('v2', path.join(root, '..data_tmp'))
      renameSync(path.join(root, '..data_tmp'), path.join(root, '..data'))
      const deadline = Date.now() + 5_000
      while (gateway.deps.config().routes.get('added') === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      assert.equal(await chatStatus(gateway.url, 'added'), 200)
      // Events that change nothing (another file in the folder) are not counted as reloads.
      writeFileSync(path.join(root, 'unrelated.txt'), 'x')
      await new Promise((resolve) => setTimeout(resolve, 400))
      assert.equal(metricValue(await metrics(gateway.url), 'switchyard_config_reloads_total', { result: 'success' }), 1)
    } finally {
      await gateway.close()
    }
  })

  it('a stream in flight finishes on the config it started with', async () => {
    const file = path.join(dir, 'inflight.yaml')
    writeFileSync(file, `providers:\n  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 40, models: [echo-1] }\nmodels:\n  slow: fake/echo-1\n`)
    const gateway = await startGateway({ config: { file, env: {} }, port: 0, host: '127.0.0.1' })
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 })
      const stream = await client.chat.completions.create({ model: 'slow', stream: true, max_tokens: 20, messages: [{ role: 'user', content: 'go' }] })
      let pieces = 0
      let finish: string | null | undefined
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) pieces++
        finish ??= chunk.choices[0]?.finish_reason
        if (pieces === 2) {
          // The route and its provider disappear while the stream runs.
          writeFileSync(file, `providers:\n  other: { kind: fake, models: [echo-1] }\nmodels:\n  fresh: other/echo-1\n`)
          assert.equal(gateway.reload('api').result, 'success')
        }
      }
      assert.equal(pieces, 20)
      assert.equal(finish, 'length')
      const after = await client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'go' }] }).then(() => 200, (e: { status: number }) => e.status)
      assert.equal(after, 404, 'new requests see the new config')
    } finally {
      await gateway.close()
    }
  })
})
