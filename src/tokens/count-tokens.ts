import { Worker } from 'node:worker_threads'
import type { ChatMessage, ContentPart } from '../canonical/chat.js'

/**
 * Real token counts (o200k_base, js-tiktoken) for the fake model's usage.
 *
 * Building the o200k encoder takes about half a second of synchronous work. Done on the main
 * thread it would stall every stream in the process, which would spoil exactly the timing the
 * fake exists to produce; so it is built and used in a worker thread, started on first use.
 * Should the worker fail, counting falls back to an encoder built in this thread.
 */
export type CountTokens = (texts: readonly string[]) => Promise<number[]>

/** Makes a value on first call and returns that same value afterwards. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

// Runs as a CommonJS script in the worker; the two module URLs come from this module's own resolution.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const encoder = Promise.all([import(workerData.lite), import(workerData.ranks)]).then(([lite, ranks]) => new lite.Tiktoken(ranks.default))
parentPort.on('message', ({ texts, port }) => {
  encoder.then(
    (enc) => port.postMessage({ counts: texts.map((t) => enc.encode(t, [], []).length) }),
    (err) => port.postMessage({ error: String(err) }),
  ).finally(() => port.close())
})
`

function startWorker(): CountTokens {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { lite: import.meta.resolve('js-tiktoken/lite'), ranks: import.meta.resolve('js-tiktoken/ranks/o200k_base') },
  })
  worker.unref() // never keeps the process alive on its own
  worker.setMaxListeners(0) // one exit listener per count in flight
  const dead: { error?: Error } = {}
  worker.once('error', (err) => (dead.error = err))
  worker.once('exit', (code) => (dead.error ??= new Error(`token counter exited with code ${code}`)))
  return (texts) =>
    new Promise<number[]>((resolve, reject) => {
      if (dead.error !== undefined) return reject(dead.error)
      const { port1, port2 } = new MessageChannel()
      const onExit = () => {
        port1.close()
        reject(dead.error ?? new Error('token counter exited'))
      }
      worker.once('exit', onExit)
      port1.once('message', (reply: { counts?: number[]; error?: string }) => {
        worker.off('exit', onExit)
        port1.close()
        if (reply.counts !== undefined) resolve(reply.counts)
        else reject(new Error(reply.error ?? 'token counter failed'))
      })
      worker.postMessage({ texts, port: port2 }, [port2])
    })
}

async function buildInThread(): Promise<CountTokens> {
  const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')])
  const enc = new Tiktoken(ranks.default)
  return async (texts) => texts.map((t) => enc.encode(t, [], []).length)
}

const viaWorker = once(startWorker)
const inThread = once(buildInThread)

export const countTokens: CountTokens = async (texts) => {
  if (texts.length === 0) return []
  try {
    return await viaWorker()(texts)
  } catch {
    return (await inThread())(texts)
  }
}

function partsText(content: string | ContentPart[] | null): string {
  if (content === null) return ''
  if (typeof content === 'string') return content
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('')
}

/**
 * Prompt tokens of a chat, counted the way OpenAI's cookbook does for its chat models
 * (github.com/openai/openai-cookbook, examples/How_to_count_tokens_with_tiktoken.ipynb):
 * 3 tokens per message, plus its role and content, plus 1 per `name`, plus 3 to prime the reply.
 */
export async function countPromptTokens(messages: readonly ChatMessage[], count: CountTokens = countTokens): Promise<number> {
  const texts: string[] = []
  let overhead = 3
  for (const m of messages) {
    overhead += 3
    texts.push(m.role, partsText(m.content))
    if (m.name !== undefined) {
      texts.push(m.name)
      overhead += 1
    }
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) texts.push(c.name, c.arguments)
  }
  const counts = await count(texts)
  return counts.reduce((a, b) => a + b, overhead)
}

/**
 * Tokens of an embeddings request's inputs, for an upstream that reports none (Ollama's /api/embed
 * and Gemini's embedContent do not): text counted with the same tokenizer as chat, token-id
 * inputs by their length.
 */
export async function countEmbeddingsTokens(input: readonly string[] | readonly number[][], count: CountTokens = countTokens): Promise<number> {
  let ids = 0
  const texts: string[] = []
  for (const item of input) {
    if (typeof item === 'string') texts.push(item)
    else ids += item.length
  }
  const counts = await count(texts)
  return counts.reduce((sum, n) => sum + n, ids)
}
