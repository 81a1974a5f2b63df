import { xorshift32 } from './random.js'
import { FILLER } from './words.js'

/** Answer length when the client sets no max_tokens. */
export const DEFAULT_ANSWER_TOKENS = 32
const SENTENCE_WORDS = 8

/** One token of a choice: answer text, or a fragment of a tool call's arguments (the first one opens the call). */
export type Token = { kind: 'content'; text: string } | { kind: 'args'; call: number; text: string; opens?: { id: string; name: string } }

/** Produces the next token when asked (undefined: the answer is complete); nothing is made ahead. */
export type Source = () => Token | undefined

/**
 * Words: the intro first, then filler drawn from a generator seeded by `seed`, in sentences of
 * eight. With a natural length the answer ends there with a full stop; without one it runs on
 * until max_tokens cuts it, as a model with more to say would.
 */
export function textSource(intro: readonly string[], seed: number, natural: number | undefined): Source {
  const next = xorshift32(seed)
  let i = 0
  let sentence = 0
  return () => {
    if (natural !== undefined && i >= natural) return undefined
    let word: string
    if (i < intro.length) word = intro[i]
    else {
      const filler = FILLER[next() % FILLER.length]
      sentence++
      if (sentence === SENTENCE_WORDS) {
        word = `${filler}.`
        sentence = 0
      } else word = sentence === 1 ? filler[0].toUpperCase() + filler.slice(1) : filler
    }
    if (natural !== undefined && i === natural - 1 && !word.endsWith('.')) word += '.'
    return { kind: 'content', text: i++ === 0 ? word : ` ${word}` }
  }
}

// Word pieces (a leading space joins the word), punctuation runs, whitespace: as a BPE
// tokenizer splits JSON (fixtures/openai/chat-stream-tool-call.sse: `{"`, `city`, `":"`, ` Francisco`).
const FRAGMENT = String.raw`\s?[\p{L}\p{N}_]{1,12}|[^\p{L}\p{N}_\s]{1,6}|\s+`

/** The pieces of a JSON text (or any text), cut one at a time from where the last one ended. */
export function fragments(text: string): () => string | undefined {
  const fragment = new RegExp(FRAGMENT, 'uy') // sticky: its lastIndex is this text's cursor
  let at = 0
  return () => {
    if (at >= text.length) return undefined
    fragment.lastIndex = at
    const m = fragment.exec(text)
    const piece = m === null ? text.slice(at, at + 1) : m[0]
    at += piece.length
    return piece
  }
}

export function contentSource(text: string): Source {
  const next = fragments(text)
  return () => {
    const piece = next()
    return piece === undefined ? undefined : { kind: 'content', text: piece }
  }
}

/** Each call's id and name with its first argument fragment, then the rest of its arguments. */
export function callsSource(calls: readonly { id: string; name: string; arguments: string }[]): Source {
  let index = 0
  let next: (() => string | undefined) | undefined
  return () => {
    while (index < calls.length) {
      const call = calls[index]
      const opening = next === undefined
      next ??= fragments(call.arguments)
      const piece = next()
      if (piece !== undefined || opening) {
        const token: Token = { kind: 'args', call: index, text: piece ?? '' }
        if (opening) token.opens = { id: call.id, name: call.name }
        return token
      }
      index++
      next = undefined
    }
    return undefined
  }
}
