import { spawn, type ChildProcess } from 'node:child_process'
import { builtCli, repoRoot, startupBoundMs } from './built-cli.js'

export type LogLine = Record<string, unknown> & { msg?: string }

export interface CliProcess {
  child: ChildProcess
  /** Every JSON log line so far. */
  logs: LogLine[]
  /** Resolves with the first log line (past or future) that matches; by default waits as long as a start-up may take here. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
  /** SIGKILL if still running (for after() hooks). */
  kill(): Promise<void>
}

/** `switchyard serve …` as a real process, the built CLI (JSON logs on stdout); always kill() it. */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [builtCli(), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', LOG_PRETTY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: LogLine[] = []
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = []
  let buffered = ''
  let stderr = ''
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()))
  child.stdout?.on('data', (b: Buffer) => {
    buffered += b.toString()
    let nl: number
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      let line: LogLine
      try {
        line = JSON.parse(text) as LogLine
      } catch {
        line = { msg: text }
      }
      logs.push(line)
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(line)
        }
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    logs,
    exited,
    waitForLog(match, timeoutMs) {
      const found = logs.find(match)
      if (found !== undefined) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        // Registered now, so a line that arrives while the bound is being worked out is not missed.
        let timer: NodeJS.Timeout | undefined
        const waiter = {
          match,
          resolve: (line: LogLine) => {
            clearTimeout(timer)
            resolve(line)
          },
        }
        waiters.push(waiter)
        const bound = timeoutMs === undefined ? startupBoundMs() : Promise.resolve(timeoutMs)
        bound.then(
          (ms) => {
            if (!waiters.includes(waiter)) return
            timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1)
              reject(new Error(`no such log line within ${ms} ms; stderr: ${stderr}; logs: ${logs.map((l) => JSON.stringify(l)).join('\n')}`))
            }, ms)
          },
          (err: unknown) => {
            waiters.splice(waiters.indexOf(waiter), 1)
            reject(err)
          },
        )
      })
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** The url of the first "listening" line. */
export async function listeningUrl(cli: CliProcess): Promise<string> {
  const line = await cli.waitForLog((l) => l.msg === 'switchyard is listening')
  return String(line.url)
}
