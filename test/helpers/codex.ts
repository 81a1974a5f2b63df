/**
 * Codex CLI (`@openai/codex`, a pinned version) for end-to-end tests: installed from npm on first
 * use into a cache folder outside the repo (`$SWITCHYARD_AGENT_CACHE`, else
 * ~/.cache/switchyard-agents) and reused; run with `codex exec` against a custom model provider
 * whose base URL is the gateway (`wire_api = "responses"`, key from an env var) in a temporary
 * CODEX_HOME, so nothing of the user's own Codex setup is read or written.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

export const CODEX_VERSION = '0.169.0'

const cacheRoot = process.env.SWITCHYARD_AGENT_CACHE ?? path.join(homedir(), '.cache', 'switchyard-agents')
const installDir = path.join(cacheRoot, `codex-${CODEX_VERSION}`)
const bin = path.join(installDir, 'node_modules', '.bin', 'codex')

/** The codex binary, installed once (npm; a few hundred MB, so allow minutes on a loaded machine). */
export async function ensureCodex(): Promise<string> {
  if (existsSync(bin)) return bin
  await mkdir(installDir, { recursive: true })
  await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--prefix', installDir, `@openai/codex@${CODEX_VERSION}`], { timeout: 600_000 })
  if (!existsSync(bin)) throw new Error(`npm installed @openai/codex@${CODEX_VERSION} but ${bin} is missing`)
  return bin
}

export interface CodexRun {
  code: number | null
  stdout: string
  stderr: string
}

/** `codex exec <prompt>` through the gateway at `baseUrl` (…/v1), as model `model`, with no sandbox (tests run as root in a container). */
export async function runCodex(options: { baseUrl: string; key: string; model: string; prompt: string; timeoutMs?: number }): Promise<CodexRun> {
  const codex = await ensureCodex()
  const home = await mkdtemp(path.join(tmpdir(), 'codex-home-'))
  const work = await mkdtemp(path.join(tmpdir(), 'codex-work-'))
  const config = [
    `model = "${options.model}"`,
    'model_provider = "switchyard"',
    '[model_providers.switchyard]',
    'name = "Switchyard"',
    `base_url = "${options.baseUrl}"`,
    'env_key = "SWITCHYARD_TEST_KEY"',
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
  ].join('\n')
  await writeFile(path.join(home, 'config.toml'), `${config}\n`)
  try {
    return await new Promise<CodexRun>((resolve, reject) => {
      const child = spawn(codex, ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', options.prompt], {
        cwd: work,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: home, SWITCHYARD_TEST_KEY: options.key, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
      child.once('error', reject)
      child.once('close', (code) => {
        clearTimeout(timer)
        resolve({ code, stdout, stderr })
      })
    })
  } finally {
    await rm(home, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  }
}
