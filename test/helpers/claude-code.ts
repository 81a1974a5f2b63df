/**
 * Claude Code (@anthropic-ai/claude-code), the real agent CLI, for end-to-end tests. Installed on
 * demand from npm into a cache folder outside the repo (it is no dependency of Switchyard), once
 * per pinned version, and reused; run non-interactively with a temporary HOME, telemetry and
 * non-essential traffic off, and ANTHROPIC_BASE_URL at the gateway.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The version these tests pin (its native binary ships per platform in an optional dependency). */
export const CLAUDE_CODE_VERSION = '2.1.332'

const cacheRoot = process.env.SWITCHYARD_AGENT_CACHE ?? path.join(homedir(), '.cache', 'switchyard-agents')
const installDir = path.join(cacheRoot, `claude-code-${CLAUDE_CODE_VERSION}`)

function binaryIn(dir: string): string | undefined {
  const platform = `${process.platform}-${process.arch}`
  const candidates = [path.join(dir, 'node_modules', '@anthropic-ai', `claude-code-${platform}`, 'claude'), path.join(dir, 'node_modules', '.bin', 'claude')]
  return candidates.find((p) => existsSync(p))
}

/**
 * The `claude` binary of the pinned version, installed first if needed (into a temporary folder
 * renamed into place, so a cut install is never reused). Undefined, with the reason, when npm
 * cannot install it (no network): the caller skips.
 */
export async function claudeCodeBinary(): Promise<{ bin: string } | { skip: string }> {
  let bin = binaryIn(installDir)
  if (bin === undefined) {
    const staging = `${installDir}.staging-${process.pid}`
    mkdirSync(staging, { recursive: true })
    try {
      await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`], { timeout: 600_000 })
      if (!existsSync(installDir)) renameSync(staging, installDir)
    } catch (err) {
      return { skip: `could not install @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }
    } finally {
      rmSync(staging, { recursive: true, force: true })
    }
    bin = binaryIn(installDir)
  }
  if (bin === undefined) return { skip: `no claude binary for ${process.platform}-${process.arch} in ${installDir}` }
  const { stdout } = await run(bin, ['--version'], { timeout: 60_000 })
  if (!stdout.includes(CLAUDE_CODE_VERSION)) return { skip: `${bin} is not version ${CLAUDE_CODE_VERSION}: ${stdout.trim()}` }
  return { bin }
}

export interface ClaudeCodeRun {
  code: number | null
  stdout: string
  stderr: string
  /** The `--output-format json` result, when it printed one. */
  result?: { result?: string; is_error?: boolean; num_turns?: number; subtype?: string }
}

export interface ClaudeCodeOptions {
  bin: string
  cwd: string
  home: string
  baseUrl: string
  apiKey: string
  model: string
  prompt: string
  timeoutMs?: number
}

/** `claude -p <prompt> --output-format json --model <model>`, with nothing from this process's environment but PATH. */
export function runClaudeCode(o: ClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: o.home,
    ANTHROPIC_BASE_URL: o.baseUrl,
    ANTHROPIC_API_KEY: o.apiKey,
    // Background calls for a "small fast" model go to the same route.
    ANTHROPIC_SMALL_FAST_MODEL: o.model,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: o.model,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
  }
  return new Promise((resolve, reject) => {
    const child = spawn(o.bin, ['-p', o.prompt, '--output-format', 'json', '--model', o.model], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 180_000)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      let result: ClaudeCodeRun['result']
      try {
        result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ClaudeCodeRun['result']
      } catch {
        result = undefined
      }
      resolve({ code, stdout, stderr, ...(result === undefined ? {} : { result }) })
    })
  })
}
