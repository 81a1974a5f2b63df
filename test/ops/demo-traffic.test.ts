/**
 * The compose `demo` profile's generator, run as the process it is in the image: it sends its
 * mix to a real gateway until SIGTERM and reports what it sent.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { builtFile, repoRoot, startupBoundMs } from '../helpers/built-cli.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'

describe('demo traffic generator', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway(`
providers:
  fake: { kind: fake, ttft_ms: 5, tokens_per_second: 2000, models: [echo-1] }
models:
  demo: fake/echo-1
  demo-pool: fake/echo-1
  embed-demo: fake/echo-1
`)
  })
  after(() => gw.close())

  it('sends successes and provoked failures until SIGTERM, then exits 0 with a summary', async () => {
    const child = spawn(process.execPath, [builtFile('demo/traffic-cli.js'), '--url', gw.url, '--concurrency', '3', '--pause-ms', '0'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    // Until it has sent enough to cover its mix (1 in 50 requests is a broken stream); its start-up included.
    const deadline = Date.now() + (await startupBoundMs())
    while ((metricValue(await gw.metricsText(), 'switchyard_requests_total') ?? 0) < 60 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
    child.kill('SIGTERM')
    assert.equal(await exited, 0)
    const m = /demo traffic stopped: (\d+) sent, (\d+) ok, (\d+) failed/.exec(out)
    assert.ok(m, out)
    assert.ok(Number(m[2]) > 0 && Number(m[3]) > 0, out)
    const text = await gw.metricsText()
    for (const [labels, what] of [
      [{ route: 'demo', status: '200', stream: 'true' }, 'streams'],
      [{ route: 'demo-pool', status: '200', stream: 'false' }, 'plain answers'],
      [{ endpoint: 'embeddings', status: '200' }, 'embeddings'],
      [{ status: '503' }, 'provoked 503s'],
      [{ status: '429' }, 'provoked 429s'],
    ] as const) {
      assert.ok((metricValue(text, 'switchyard_requests_total', labels) ?? 0) > 0, what)
    }
  })
})
