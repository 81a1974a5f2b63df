/**
 * A gateway as its own process, started through the built CLI exactly as an operator would
 * (`switchyard serve --config … --port 0`), so replicas share nothing but what they share on
 * purpose (Redis). Its log lines are captured for assertions. Always `close()` it.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { builtCli, repoRoot, startupBoundMs } from './built-cli.js'

export interface GatewayProcess {
  url: string
  /** Every line the process wrote to stdout and stderr so far. */
  output(): string
  alive(): boolean
  close(): Promise<void>
}

/** Writes `yaml` to a temporary routes.yaml and serves it on 127.0.0.1:<free port>. */
export async function startGatewayProcess(yaml: string, env: Record<string, string>): Promise<GatewayProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-'))
  const file = path.join(dir, 'routes.yaml')
  writeFileSync(file, yaml)
  const bound = await startupBoundMs()
  const child = spawn(process.execPath, [builtCli(), 'serve', '--config', file, '--port', '0', '--host', '127.0.0.1'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', LOG_PRETTY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start within ${bound} ms:\n${output}`)), bound)
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*switchyard is listening/.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`gateway exited (${code}):\n${output}`))
    })
  })
  return {
    url,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(force)
          resolve()
        })
        child.kill('SIGTERM')
      })
    },
  }
}
