import type { ChatMessage, ChatRequest } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import { FAKE_DEFAULTS, type FakeOptions } from '../../../src/providers/fake/options.js'
import type { CallContext, LocalResponse } from '../../../src/providers/types.js'
import { makeCtx } from '../openai/helpers.js'

/** A fake provider's context; options not given take the fake's defaults, as routes.yaml would. */
export function fakeCtx(options: Partial<FakeOptions> = {}, provider: Partial<ProviderConfig> = {}): CallContext {
  return makeCtx({ name: 'fake', kind: 'fake', baseUrl: 'fake://local', apiKey: undefined, options: { ...FAKE_DEFAULTS, ...options }, ...provider }, 'fake-model')
}

export function chat(content: string, opts: { stream?: boolean; maxTokens?: number; history?: ChatMessage[] } = {}): ChatRequest {
  const messages: ChatMessage[] = [...(opts.history ?? []), { role: 'user', content }]
  return {
    model: 'fake-model',
    messages,
    stream: opts.stream ?? false,
    includeUsage: false,
    params: opts.maxTokens === undefined ? {} : { maxTokens: opts.maxTokens },
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
