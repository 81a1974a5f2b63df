import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export type LogLine = Record<string, unknown> & { msg?: string }

export interface CliProcess {
  child: ChildProcess
  /** Every JSON log line so far. */
  logs: LogLine[]
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
  /** SIGKILL if still running (for after() hooks). */
  kill(): Promise<void>
}

/** `switchyard serve …` as a real process (JSON logs on stdout); always kill() it. */
export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli.ts'), ...args], {
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
    waitForLog(match, timeoutMs = 15_000) {
      const found = logs.find(match)
      if (found !== undefined) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such log line within ${timeoutMs} ms; stderr: ${stderr}; logs: ${logs.map((l) => JSON.stringify(l)).join('\n')}`)), timeoutMs)
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer)
            resolve(line)
          },
        })
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
