import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startupBoundMs } from './built-cli.js'
import { freePort } from './free-port.js'

export interface QueryResult {
  metric: Record<string, string>
  value: [number, string]
}

export interface TestPrometheus {
  url: string
  /** An instant query; throws with Prometheus's message when the expression is invalid. */
  query(expr: string): Promise<QueryResult[]>
  stop(): Promise<void>
}

/** A real Prometheus (Debian's package) scraping `targets` every second; always `stop()` it. */
export async function startPrometheus(targets: string[]): Promise<TestPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-prom-'))
  const config = path.join(dir, 'prometheus.yml')
  writeFileSync(
    config,
    ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:', '  - job_name: switchyard', '    static_configs:', `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`, ''].join('\n'),
  )
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  const bound = await startupBoundMs()
  const deadline = Date.now() + bound
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`prometheus exited: ${stderr}`)
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)
    if (ready) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`prometheus did not get ready within ${bound} ms: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`)
      const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: QueryResult[] } }
      if (body.status !== 'success' || body.data === undefined) throw new Error(`${expr}: ${body.error ?? res.status}`)
      // Scalars (e.g. time()) come back as one value, not a vector.
      if (body.data.resultType === 'scalar') return [{ metric: {}, value: body.data.result as unknown as [number, string] }]
      return body.data.result
    },
    stop,
  }
}
