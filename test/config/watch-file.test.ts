/**
 * The config watcher reacts to routes.yaml only: another file in its folder changing (a log
 * written beside it) is no reason to re-read it, while an editor's rename-over save and a
 * Kubernetes ConfigMap `..data` symlink swap still are.
 */
import assert from 'node:assert/strict'
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { watchFile } from '../../src/config/watch-file.js'
import { startGateway } from '../../src/server.js'
import { metricValue } from '../helpers/gateway.js'

const BASE = 'providers:\n  fake: { kind: fake, models: [echo-1] }\nmodels:\n  demo: fake/echo-1\n'
/** Far longer than any debounce here: on a loaded machine file events may come late. */
const PATIENCE_MS = 15_000

async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A neighbour written like a log: many times, each write further apart than the debounce. */
async function chatter(file: string, times: number, gapMs: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    appendFileSync(file, `line ${i}\n`)
    await pause(gapMs)
  }
}

describe('watchFile', () => {
  let dir: string
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'switchyard-watch-'))))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('ignores another file in the folder, then follows a rename-over save', async () => {
    const folder = path.join(dir, 'plain')
    mkdirSync(folder)
    const file = path.join(folder, 'routes.yaml')
    writeFileSync(file, BASE)
    let changes = 0
    const watch = watchFile(file, () => changes++, (err) => assert.fail(err), 20)
    try {
      await chatter(path.join(folder, 'switchyard.log'), 15, 60)
      // As editors save: a new file renamed over the old one. Its event comes after the log's,
      // so once it is seen every earlier event has been handled.
      writeFileSync(path.join(folder, 'routes.yaml.tmp'), `${BASE}  more: fake/echo-1\n`)
      renameSync(path.join(folder, 'routes.yaml.tmp'), file)
      await until('the rename-over save', () => changes > 0)
      await pause(100)
      assert.equal(changes, 1, 'only the config file itself changed once')
    } finally {
      watch.close()
    }
  })

  it('follows a ConfigMap ..data symlink swap, and not the files beside it', async () => {
    const root = path.join(dir, 'configmap')
    mkdirSync(path.join(root, '..v1'), { recursive: true })
    mkdirSync(path.join(root, '..v2'))
    writeFileSync(path.join(root, '..v1', 'routes.yaml'), BASE)
    writeFileSync(path.join(root, '..v2', 'routes.yaml'), `${BASE}  more: fake/echo-1\n`)
    symlinkSync('..v1', path.join(root, '..data'))
    symlinkSync('..data/routes.yaml', path.join(root, 'routes.yaml'))
    let changes = 0
    const watch = watchFile(path.join(root, 'routes.yaml'), () => changes++, (err) => assert.fail(err), 20)
    try {
      await chatter(path.join(root, 'other.txt'), 10, 60)
      symlinkSync('..v2', path.join(root, '..data_tmp'))
      renameSync(path.join(root, '..data_tmp'), path.join(root, '..data'))
      await until('the symlink swap', () => changes > 0)
      await pause(100)
      assert.equal(changes, 1)
    } finally {
      watch.close()
    }
  })
})

describe('a gateway whose config became invalid, with a log written beside it', () => {
  it('refuses the invalid file once, not once per log line, and still reloads a fixed one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-watch-gw-'))
    const file = path.join(dir, 'routes.yaml')
    writeFileSync(file, BASE)
    const gateway = await startGateway({ config: { file, env: {} }, port: 0, host: '127.0.0.1', watch: true })
    const reloads = async (result: string) => metricValue(await (await fetch(`${gateway.url}/metrics`)).text(), 'switchyard_config_reloads_total', { result }) ?? 0
    try {
      writeFileSync(file, `${BASE}  broken: nowhere/x\n`)
      await until('the refusal', async () => (await reloads('failure')) >= 1)
      await chatter(path.join(dir, 'switchyard.log'), 20, 200)
      writeFileSync(path.join(dir, 'routes.yaml.tmp'), `${BASE}  fixed: fake/echo-1\n`)
      renameSync(path.join(dir, 'routes.yaml.tmp'), file)
      await until('the reload of the fixed file', async () => (await reloads('success')) >= 1)
      assert.deepStrictEqual({ failure: await reloads('failure'), success: await reloads('success') }, { failure: 1, success: 1 })
      assert.ok(gateway.deps.config().routes.has('fixed'))
    } finally {
      await gateway.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
