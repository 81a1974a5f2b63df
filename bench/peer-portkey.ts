/**
 * The peer arm: Portkey's open-source AI gateway (npm `@portkey-ai/gateway`), installed on
 * demand into bench/.peers (ignored by git, never part of this project), started on a free
 * port and routed to the mock with its own headers: `x-portkey-provider: openai` and
 * `x-portkey-custom-host`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { startListening, type Child } from './processes.js'

const VERSION = '1.15.2'

export interface PeerArm extends Child {
  /** Headers the load generator sends so the peer routes to the mock. */
  headers: Record<string, string>
}

export async function startPortkey(benchDir: string, mockOrigin: string): Promise<PeerArm> {
  const prefix = path.join(benchDir, '.peers', `portkey-${VERSION}`)
  const entry = path.join(prefix, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js')
  if (!existsSync(entry)) {
    mkdirSync(prefix, { recursive: true })
    process.stderr.write(`bench: installing @portkey-ai/gateway@${VERSION} into ${prefix}\n`)
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `@portkey-ai/gateway@${VERSION}`], { stdio: 'inherit' })
  }
  const child = await startListening(process.execPath, (port) => [entry, `--port=${port}`, '--headless'], { ...process.env, NODE_ENV: 'production' }, '/')
  return {
    ...child,
    headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockOrigin}/v1`, authorization: 'Bearer sk-bench-upstream' },
  }
}
