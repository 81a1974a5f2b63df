import assert from 'node:assert/strict'
import type { ChatMessage, ChatRequest } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import type { FinishReason } from '../../../src/canonical/chat.js'
import { runChoice } from '../../../src/providers/fake/choice-run.js'
import { fakeAdapter } from '../../../src/providers/fake/index.js'
import { FAKE_DEFAULTS, type FakeOptions } from '../../../src/providers/fake/options.js'
import { planChoices } from '../../../src/providers/fake/plan.js'
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

/** A chat request with more of its parts set (tools, tool_choice, response_format, sampling). */
export function ask(content: string | ChatMessage[], extra: Partial<ChatRequest> & { stream?: boolean } = {}): ChatRequest {
  const messages: ChatMessage[] = typeof content === 'string' ? [{ role: 'user', content }] : content
  return { ...chat(''), messages, ...extra, stream: extra.stream ?? false }
}

/** The fake's non-streaming answer as OpenAI's JSON. */
export async function answerJson(req: ChatRequest, ctx: CallContext): Promise<OpenAIAnswer> {
  const res = await callFake({ ...req, stream: false }, ctx)
  const text = await bodyText(res)
  if (res.status !== 200) throw new Error(`fake answered ${res.status}: ${text}`)
  return JSON.parse(text) as OpenAIAnswer
}

/** The fake's stream as its parsed `data:` payloads (without `[DONE]`), and the raw bytes. */
export async function answerChunks(req: ChatRequest, ctx: CallContext): Promise<{ chunks: OpenAIChunk[]; bytes: Uint8Array }> {
  const res = await callFake({ ...req, stream: true }, ctx)
  const bytes = concat((await timedChunks(res)).map((c) => c.bytes))
  const text = Buffer.from(bytes).toString('utf8')
  if (res.status !== 200) throw new Error(`fake answered ${res.status}: ${text}`)
  assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream ends with [DONE]')
  const chunks = text
    .split('\n\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as OpenAIChunk)
  return { chunks, bytes }
}

export interface OpenAIToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}
export interface OpenAIAnswer {
  id: string
  object: string
  choices: { index: number; message: { role: string; content: string | null; tool_calls?: OpenAIToolCall[] }; logprobs: { content: TokenLogprobJson[] } | null; finish_reason: string }[]
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
}
export interface TokenLogprobJson {
  token: string
  logprob: number
  bytes: number[]
  top_logprobs: { token: string; logprob: number; bytes: number[] }[]
}
export interface OpenAIChunk {
  id: string
  object: string
  choices: {
    index: number
    delta: { role?: string; content?: string | null; tool_calls?: { index: number; id?: string; type?: string; function: { name?: string; arguments: string } }[] }
    logprobs: { content: TokenLogprobJson[] } | null
    finish_reason: string | null
  }[]
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
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
