/** Child processes for the bench: start, learn the port, read CPU time, stop. */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { freePort } from '../test/helpers/free-port.js'

export interface Child {
  proc: ChildProcess
  port: number
  stop(): Promise<void>
}

/** Starts a process that prints `{"port":N}` as its first stdout line. */
export async function startAnnouncing(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Child & { readyMs: number }> {
  const t0 = performance.now()
  const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout! })
  const port = await new Promise<number>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port))
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it listened`)))
  })
  const readyMs = performance.now() - t0
  proc.stdout!.resume()
  return { proc, port, readyMs, stop: () => stop(proc) }
}

/** Starts a process on a port chosen here, ready when `readyUrl` answers 200. Returns the ms it took. */
export async function startListening(command: string, args: (port: number) => string[], env: NodeJS.ProcessEnv, readyPath: string): Promise<Child & { readyMs: number }> {
  const port = await freePort()
  const t0 = performance.now()
  const proc = spawn(command, args(port), { env, stdio: ['ignore', 'ignore', 'inherit'] })
  let exited = false
  proc.once('exit', () => (exited = true))
  for (;;) {
    if (exited) throw new Error(`${command} ${args(port).join(' ')} exited before it was ready`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`)
      await res.arrayBuffer()
      if (res.status === 200) break
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5))
  }
  return { proc, port, readyMs: performance.now() - t0, stop: () => stop(proc) }
}

/** User + system CPU time of a process so far, in microseconds (Linux /proc). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6
}

/** Resident memory of a process, bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /VmRSS:\s+(\d+) kB/.exec(status)
  return m === null ? 0 : Number(m[1]) * 1024
}

// Linux's USER_HZ is 100 on every architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  proc.kill('SIGTERM')
  const timer = setTimeout(() => proc.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}
