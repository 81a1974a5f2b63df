/**
 * The real inference server in ../shared/llama-server/ (llama.cpp's llama-server with a tiny
 * model; see its README): OpenAI chat, completions and Responses, Anthropic Messages and
 * count_tokens, on 127.0.0.1:<free port>. Ready when GET /health answers 200. Always `close()` it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** ../shared/llama-server beside the repo (or two levels up, for a git worktree under /work/wt/<name>). */
export const llamaDir = [path.resolve(repoRoot, '../shared/llama-server'), path.resolve(repoRoot, '../../shared/llama-server')].find((p) => existsSync(p)) ?? path.resolve(repoRoot, '../shared/llama-server')

/** The model's alias, as the server names it in /v1/models and answers. */
export const LLAMA_MODEL = 'aidreams260k'

export interface LlamaServer {
  url: string
  port: number
  close(): Promise<void>
}

export interface LlamaOptions {
  /** Start the embeddings instance (`--embeddings --pooling mean`, 64 dimensions) instead of the chat one. */
  embeddings?: boolean
  /** Parallel slots (default 4: a fifth concurrent request queues). */
  slots?: number
  /** How long to wait for /health (default 60 s: generous for a loaded machine; it is ready in ~0.2 s idle). */
  readyTimeoutMs?: number
}

export async function startLlamaServer(options: LlamaOptions = {}): Promise<LlamaServer> {
  const port = await freePort()
  const args = [
    '-m', path.join(llamaDir, 'models/aidreams260K.gguf'),
    '--alias', LLAMA_MODEL,
    '--host', '127.0.0.1',
    '--port', String(port),
    '-t', '1',
    '-c', '8192',
    '-np', String(options.slots ?? 4),
    '--override-kv', 'llama.context_length=int:2048',
    '--chat-template-file', path.join(llamaDir, 'plain.jinja'),
    '--no-webui',
    ...(options.embeddings === true ? ['--embeddings', '--pooling', 'mean'] : []),
  ]
  const child: ChildProcess = spawn(path.join(llamaDir, 'bin/llama-server'), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000)
  })
  const url = `http://127.0.0.1:${port}`
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}): ${output}`)
    try {
      if ((await fetch(`${url}/health`)).status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close()
      throw new Error(`llama-server did not become ready on ${port}: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url, port, close }
}
