import { createRng, fnv1a } from './random.js'
import { FILLER } from './words.js'

/** OpenAI's per-token log probability entry (fixtures/openai/chat-stream-logprobs.sse). */
export interface TokenLogprob {
  token: string
  logprob: number
  bytes: number[]
  top_logprobs: { token: string; logprob: number; bytes: number[] }[]
}

const utf8 = new TextEncoder()

/**
 * Deterministic log probabilities for a token the fake sent: the token is the likeliest
 * (p between 0.5 and 0.95) and `top` alternatives share the rest, each half the one before,
 * so the probabilities are ordered and sum to less than 1.
 */
export function tokenLogprob(token: string, seed: number, position: number, top: number): TokenLogprob {
  const rng = createRng(fnv1a(`${position}`, seed))
  const p = 0.5 + 0.45 * rng.unit()
  const alternatives: TokenLogprob['top_logprobs'] = []
  const taken = new Set([token])
  for (let j = 1; alternatives.length < top - 1 && j <= FILLER.length * 2; j++) {
    const word = `${token.startsWith(' ') ? ' ' : ''}${rng.pick(FILLER)}`
    if (taken.has(word)) continue
    taken.add(word)
    alternatives.push(entry(word, Math.log((1 - p) / 2 ** (alternatives.length + 1))))
  }
  const chosen = entry(token, Math.log(p))
  return { ...chosen, top_logprobs: top > 0 ? [chosen, ...alternatives] : [] }
}

function entry(token: string, logprob: number): { token: string; logprob: number; bytes: number[] } {
  return { token, logprob, bytes: Array.from(utf8.encode(token)) }
}
