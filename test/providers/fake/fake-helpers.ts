import type { ChatMessage, ChatRequest } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import type { FinishReason } from '../../../src/canonical/chat.js'
import { runChoice } from '../../../src/providers/fake/choice-run.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import { planChoices } from '../../../src/providers/fake/plan.js'
import type { CallContext, LocalResponse } from '../../../src/providers/types.js'
import { makeCtx } from '../openai/helpers.js'

export function fakeCtx(options: Record<string, unknown> = {}, provider: Partial<ProviderConfig> = {}): CallContext {
  return makeCtx({ name: 'fake', kind: 'fake', baseUrl: 'fake://local', apiKey: undefined, options, ...provider }, 'fake-model')
}

export function chat(content: string, opts: { stream?: boolean; maxTokens?: number; history?: ChatMessage[] } = {}): ChatRequest {
  const messages: ChatMessage[] = [...(opts.history ?? []), { role: 'user', content }]
  return {
    model: 'fake-model',
    messages,
    stream: opts.stream ?? false,
    includeUsage: false,
    params: opts.maxTokens === undefined ? {} : { maxTokens: opts.maxTokens },
    raw: { model: 'fake', messages, stream: opts.stream ?? false },
  }
}

/** Runs the fake's local answer as the executor would. */
export async function callFake(req: ChatRequest, ctx: CallContext, signal: AbortSignal = new AbortController().signal): Promise<LocalResponse> {
  const up = await fakeAdapter.buildRequest(req, ctx)
  if (up.local === undefined) throw new Error('fake request has no local answer')
  return up.local(signal)
}

/** The body's chunks, each with the time (performance.now()) it arrived. */
export async function timedChunks(res: LocalResponse): Promise<{ at: number; bytes: Uint8Array }[]> {
  const out: { at: number; bytes: Uint8Array }[] = []
  for await (const bytes of res.body) out.push({ at: performance.now(), bytes })
  return out
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks)
}

export async function bodyText(res: LocalResponse): Promise<string> {
  const chunks: Uint8Array[] = []
  for await (const c of res.body) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}

/** The fake's text answer to these messages as its tokens (choice 0, no tools), generated to the end. */
export function composeAnswer(messages: ChatMessage[], maxTokens: number | undefined): { tokens: string[]; finish: FinishReason } {
  const req: ChatRequest = { ...chat(''), messages, params: maxTokens === undefined ? {} : { maxTokens } }
  const run = runChoice(planChoices(req, 1)[0], { maxTokens, stop: [] })
  const tokens: string[] = []
  for (let next = run.next(); ; next = run.next()) {
    if (typeof next === 'string') return { tokens, finish: next }
    tokens.push(next.text)
  }
}
