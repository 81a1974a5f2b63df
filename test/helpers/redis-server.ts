/**
 * A real redis-server on 127.0.0.1:<free port>, no persistence. `stop()` and `start()` again
 * keep the port, so a test can take Redis away mid-run and bring it back. Always `close()` it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { startupBoundMs } from './built-cli.js'
import { freePort } from './free-port.js'

export interface TestRedis {
  port: number
  url: string
  start(): Promise<void>
  stop(): Promise<void>
  /** SIGSTOP: the server keeps its connections but answers nothing (a frozen Redis). */
  pause(): void
  /** SIGCONT after pause(). */
  resume(): void
  close(): Promise<void>
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined

  const bound = await startupBoundMs()
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child = proc
      let output = ''
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port} within ${bound} ms: ${output}`)), bound)
      proc.stdout?.on('data', (d: Buffer) => {
        output += d.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited (${code}): ${output}`))
      })
    })

  const stop = async () => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null) return
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill('SIGKILL')
    })
  }

  const signal = (name: 'SIGSTOP' | 'SIGCONT') => {
    if (child === undefined || child.exitCode !== null) throw new Error('redis-server is not running')
    child.kill(name)
  }

  await start()
  // SIGKILL (stop) ends a stopped process too, so close() needs no resume first.
  return { port, url: `redis://127.0.0.1:${port}`, start, stop, pause: () => signal('SIGSTOP'), resume: () => signal('SIGCONT'), close: stop }
}
