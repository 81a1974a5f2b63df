import type { ChatMessage } from '../../canonical/chat.js'

/** The fake model's answer: its token chunks (one word each) and why it ended. */
export interface FakeAnswer {
  tokens: string[]
  finish: 'stop' | 'length'
}

/** Answer length when the client sets no max_tokens. */
export const DEFAULT_ANSWER_TOKENS = 32
const ECHO_WORDS = 8
const SENTENCE_WORDS = 8

const FILLER = [
  'the', 'gateway', 'routes', 'every', 'request', 'through', 'a', 'deterministic', 'model', 'so', 'tests',
  'and', 'benchmarks', 'see', 'same', 'answer', 'each', 'time', 'tokens', 'arrive', 'at', 'steady', 'pace',
  'while', 'metrics', 'count', 'them', 'carefully', 'for', 'dashboards', 'that', 'show', 'latency', 'clearly',
]

/**
 * A deterministic answer to the last user message: `Echo:` and its first words, then filler
 * words drawn from a generator seeded by that message, in sentences. Without max_tokens it is
 * DEFAULT_ANSWER_TOKENS long and ends with a full stop (`stop`); with max_tokens it runs on
 * until cut at exactly that many tokens (`length`), as a model that has more to say would be.
 */
export function composeAnswer(messages: readonly ChatMessage[], maxTokens: number | undefined): FakeAnswer {
  const prompt = lastUserText(messages)
  const limit = maxTokens === undefined ? DEFAULT_ANSWER_TOKENS : Math.max(1, Math.floor(maxTokens))
  const words = ['Echo:', ...prompt.split(/\s+/).filter((w) => w !== '').slice(0, ECHO_WORDS)]
  const next = xorshift32(fnv1a(prompt))
  let sentence = 0
  while (words.length < limit) {
    const word = FILLER[next() % FILLER.length]
    sentence++
    if (sentence === SENTENCE_WORDS) {
      words.push(`${word}.`)
      sentence = 0
    } else {
      words.push(sentence === 1 ? word[0].toUpperCase() + word.slice(1) : word)
    }
  }
  const tokens = words.slice(0, limit).map((w, i) => (i === 0 ? w : ` ${w}`))
  if (maxTokens === undefined && !tokens[tokens.length - 1].endsWith('.')) tokens[tokens.length - 1] += '.'
  return { tokens, finish: maxTokens === undefined ? 'stop' : 'length' }
}

/** The text of the last user message ('' when there is none). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]
    if (m.role !== 'user') continue
    return typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join(' ')
  }
  return ''
}

/** 32-bit FNV-1a over UTF-16 code units: a stable seed from a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Marsaglia's xorshift32: a small, seedable generator of unsigned 32-bit integers. */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9 // the state must never be 0
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
}
