/**
 * Every PromQL expression of every panel of grafana/dashboards/switchyard.json, run against a
 * real Prometheus that scrapes a real gateway under demo traffic, must return data.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startGateway, type RunningGateway } from '../../src/server.js'
import { runTraffic } from '../../src/demo/traffic.js'
import { startPrometheus, type TestPrometheus } from '../helpers/prometheus.js'
import { startupBoundMs } from '../helpers/built-cli.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface Target {
  refId: string
  expr: string
}
interface Panel {
  type: string
  title: string
  targets?: Target[]
  datasource?: { uid: string }
}
interface Dashboard {
  uid: string
  panels: Panel[]
  templating: { list: { name: string; query: { query: string }; allValue: string }[] }
}

const dashboard = JSON.parse(readFileSync(path.join(repoRoot, 'grafana/dashboards/switchyard.json'), 'utf8')) as Dashboard
const queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })))

/** What Grafana substitutes: "All" for each variable, a rate window of several 1 s scrapes. */
function expand(expr: string): string {
  return expr.replaceAll('$__rate_interval', '10s').replaceAll('$route', '.*').replaceAll('$provider', '.*')
}

const ROUTES = `
server:
  log_level: silent
  # Quick to trip, so the cooldown and deployment-state panels have data under the demo's provoked failures.
  cooldown: { min_failures: 2, failure_ratio: 0.1, window_ms: 10000, duration_ms: 1000 }
providers:
  fake: { kind: fake, ttft_ms: 20, tokens_per_second: 800, models: [echo-1, echo-2] }
models:
  # Priced (the fake is free) and cached, so the spend and cache panels have data.
  demo:
    deployments:
      - { target: fake/echo-1, price: { input: 0.15, output: 0.6 } }
    cache: true
  embed-demo: fake/echo-1
  demo-pool:
    deployments:
      - { target: fake/echo-1, weight: 3 }
      - { target: fake/echo-2, weight: 1 }
    # Provoked 503s are retried on the other deployment, then fall back: retries and fallbacks move.
    retries: 1
    # Provoked invalid tool calls and structured outputs are asked for again: the validation retries move.
    tool_validation: retry
    fallbacks: [demo]
    # Deprecated (the sunset far off), so the panel of deprecated models still called has data.
    deprecated: { since: 2026-01-01, sunset: 2099-01-01, successor: demo }
`

describe('the Grafana dashboard against a real Prometheus', () => {
  let dir: string
  let gateway: RunningGateway
  let prometheus: TestPrometheus
  const traffic = new AbortController()
  let trafficDone: Promise<unknown>

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'switchyard-dash-'))
    const file = path.join(dir, 'routes.yaml')
    writeFileSync(file, ROUTES)
    gateway = await startGateway({ config: { file, env: {} }, port: 0, host: '127.0.0.1' })
    prometheus = await startPrometheus([`127.0.0.1:${gateway.port}`])
    trafficDone = runTraffic({ baseUrl: gateway.url, concurrency: 4, signal: traffic.signal, chatModels: ['demo', 'demo-pool'], embeddingsModel: 'embed-demo' })
    // One good reload, so the reload panel has a series.
    writeFileSync(file, ROUTES.replace('tokens_per_second: 800', 'tokens_per_second: 900'))
    assert.equal(gateway.reload('api').result, 'success')
  })
  after(async () => {
    traffic.abort()
    await trafficDone
    await prometheus?.stop()
    await gateway?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has panels on the provisioned datasource, and the template variables list values', async () => {
    assert.ok(queries.length >= 20, `only ${queries.length} queries`)
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) assert.equal(panel.datasource?.uid, 'prometheus', panel.title)
    const names = dashboard.templating.list.map((v) => v.name)
    assert.deepEqual(names, ['route', 'provider'])
    const deadline = Date.now() + (await startupBoundMs())
    for (const variable of dashboard.templating.list) {
      const m = /^label_values\((\w+), (\w+)\)$/.exec(variable.query.query)
      assert.ok(m, variable.query.query)
      for (;;) {
        const res = await fetch(`${prometheus.url}/api/v1/label/${m[2]}/values?${new URLSearchParams({ 'match[]': m[1]! })}`)
        const values = ((await res.json()) as { data: string[] }).data
        if (values.length > 0) {
          assert.ok(values.includes(variable.name === 'route' ? 'demo-pool' : 'fake'), `${variable.name}: ${values.join(', ')}`)
          break
        }
        assert.ok(Date.now() < deadline, `no values for $${variable.name}`)
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
  })

  it('every query of every panel returns data', async () => {
    const expected = queries
    assert.ok(expected.length >= 20, `only ${expected.length} queries checked`)
    let missing: string[] = []
    const deadline = Date.now() + (await startupBoundMs())
    for (;;) {
      missing = []
      for (const q of expected) {
        // A query that is not valid PromQL throws here, at once.
        const result = await prometheus.query(expand(q.expr))
        if (!result.some((r) => Number.isFinite(Number(r.value[1])))) missing.push(`${q.panel} [${q.refId}]: ${q.expr}`)
      }
      if (missing.length === 0 || Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    assert.deepEqual(missing, [])
  })
})
