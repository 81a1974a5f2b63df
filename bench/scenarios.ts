/** What the bench sends: each scenario's path, body, concurrency and the arms it runs against. */

export type ArmName = 'direct' | 'floor' | 'switchyard' | 'portkey'

export interface Scenario {
  name: string
  path: string
  body: Record<string, unknown>
  connections: number
  /** Streams: the text that marks the first content token. */
  marker?: string
  /** The arms that run it (default: every arm started). */
  arms?: readonly ArmName[]
}

const messages = [{ role: 'user', content: 'Say a few words.' }]
const chat = '/v1/chat/completions'

/** Throughput: every arm, saturated (a closed loop of `connections`). */
export const THROUGHPUT: Scenario[] = [
  { name: 'chat', path: chat, body: { model: 'bench', messages }, connections: 32 },
  // Portkey's arm answers chat only: its streams through the mock fail (recorded in latest.json when run).
  { name: 'stream', path: chat, body: { model: 'bench', messages, stream: true }, connections: 32, marker: 'word', arms: ['direct', 'floor', 'switchyard'] },
  { name: 'stream-usage', path: chat, body: { model: 'bench', messages, stream: true, stream_options: { include_usage: true } }, connections: 32, marker: 'word', arms: ['direct', 'floor', 'switchyard'] },
  { name: 'stream-64', path: chat, body: { model: 'bench', messages, stream: true }, connections: 64, marker: 'word', arms: ['direct', 'floor', 'switchyard'] },
  // 64 streams at a model's pace (a chunk every 5 ms, passed through to the mock as an unknown
  // parameter): the relay is not saturated, so the added time to first token is its overhead.
  { name: 'stream-64-paced', path: chat, body: { model: 'bench', messages, stream: true, pace_ms: 5 }, connections: 64, marker: 'word', arms: ['direct', 'floor', 'switchyard'] },
  {
    name: 'embeddings',
    path: '/v1/embeddings',
    body: { model: 'bench-embed', input: Array.from({ length: 16 }, (_, i) => `text ${i}`), encoding_format: 'float' },
    connections: 32,
    arms: ['direct', 'floor', 'switchyard'],
  },
]

/** Added latency as one user sees it: one request at a time. */
export const LATENCY: Scenario[] = [
  { name: 'chat-c1', path: chat, body: { model: 'bench', messages }, connections: 1, arms: ['direct', 'floor', 'switchyard'] },
  { name: 'stream-c1', path: chat, body: { model: 'bench', messages, stream: true }, connections: 1, marker: 'word', arms: ['direct', 'floor', 'switchyard'] },
]

const messagesBody = (model: string, stream: boolean) => ({ model, max_tokens: 256, messages, ...(stream ? { stream } : {}) })
const responsesBody = (model: string, stream: boolean) => ({ model, input: 'Say a few words.', ...(stream ? { stream } : {}) })
const doorArms = ['switchyard'] as const

/**
 * The other front doors, each compared with chat passthrough at the same concurrency, measured
 * just before them (chat-ref, stream-ref): passthrough
 * (the upstream speaks the door's protocol: `claude` is an anthropic provider, `bench-responses`
 * an openai one with responses_api) and translated (through the canonical model to chat).
 */
export const DOORS: Scenario[] = [
  // Chat passthrough again, right before the doors: the reference they are divided by.
  { name: 'chat-ref', path: chat, body: { model: 'bench', messages }, connections: 32, arms: doorArms },
  { name: 'stream-ref', path: chat, body: { model: 'bench', messages, stream: true }, connections: 32, marker: 'word', arms: doorArms },
  { name: 'messages-pass', path: '/v1/messages', body: messagesBody('claude', false), connections: 32, arms: doorArms },
  { name: 'messages-pass-stream', path: '/v1/messages', body: messagesBody('claude', true), connections: 32, marker: 'word', arms: doorArms },
  { name: 'messages-translated', path: '/v1/messages', body: messagesBody('bench', false), connections: 32, arms: doorArms },
  { name: 'messages-translated-stream', path: '/v1/messages', body: messagesBody('bench', true), connections: 32, marker: 'word', arms: doorArms },
  { name: 'responses-pass', path: '/v1/responses', body: responsesBody('bench-responses', false), connections: 32, arms: doorArms },
  { name: 'responses-pass-stream', path: '/v1/responses', body: responsesBody('bench-responses', true), connections: 32, marker: 'word', arms: doorArms },
  { name: 'responses-translated', path: '/v1/responses', body: responsesBody('bench', false), connections: 32, arms: doorArms },
  { name: 'responses-translated-stream', path: '/v1/responses', body: responsesBody('bench', true), connections: 32, marker: 'word', arms: doorArms },
]

/** Tokens each llama-server answer carries (ignore_eos forces exactly this many). */
export const LLAMA_TOKENS = 128

/** A user of a local model: one stream at a time through the real llama-server. */
export const LLAMA: Scenario = {
  name: 'llama-stream',
  path: chat,
  body: { model: 'llama', messages, stream: true, max_tokens: LLAMA_TOKENS, ignore_eos: true },
  connections: 1,
  // The first chunk's content is null; the first token's is a string.
  marker: '"content":"',
}

/** Streams held open by the open-streams run: the mock paces them at a chunk a second. */
export const HELD_STREAM = { model: 'bench', messages, stream: true, pace_ms: 1000 }
