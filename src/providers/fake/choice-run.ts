import { assertNever, type FinishReason } from '../../canonical/chat.js'
import type { ChoicePlan } from './plan.js'
import { callsSource, contentSource, textSource, type Source, type Token } from './sources.js'
import { createStopMatcher } from './stop-matcher.js'

/** One choice being generated: a token at a time, then why it ended. */
export interface ChoiceRun {
  /** The next token to send, or the reason the choice ended (after which it is not called again). */
  next(): Token | FinishReason
  /** Tokens generated so far: the usage. */
  generated(): number
}

export interface RunLimits {
  maxTokens: number | undefined
  stop: readonly string[]
}

/**
 * Generates a planned choice lazily under max_tokens (exactly that many tokens, then `length`,
 * unless the answer ends by itself there) and stop sequences (the text is cut before the first
 * one, `stop`; tokens that may begin one are held back until it is clear). Stop sequences apply
 * to content, not to tool-call arguments.
 */
export function runChoice(plan: ChoicePlan, limits: RunLimits): ChoiceRun {
  const source = sourceOf(plan)
  const natural: FinishReason = plan.kind === 'calls' ? 'tool_calls' : 'stop'
  const budget = limits.maxTokens ?? Infinity
  let generated = 0
  const raw = (): Token | FinishReason => {
    // Past the budget, one more is asked for only to tell `length` from a natural end.
    if (generated >= budget) return source() === undefined ? natural : 'length'
    const token = source()
    if (token === undefined) return natural
    generated++
    return token
  }
  const stops = limits.stop.filter((s) => s !== '')
  const next = stops.length === 0 || plan.kind === 'calls' ? raw : stopFilter(raw, stops)
  return { next, generated: () => generated }
}

function sourceOf(plan: ChoicePlan): Source {
  switch (plan.kind) {
    case 'text':
      return textSource(plan.intro, plan.seed, plan.natural)
    case 'json':
      return contentSource(plan.text)
    case 'calls':
      return callsSource(plan.calls)
    default:
      return assertNever(plan)
  }
}

function stopFilter(raw: () => Token | FinishReason, stops: readonly string[]): () => Token | FinishReason {
  const matcher = createStopMatcher(stops)
  const held: string[] = []
  let heldChars = 0
  const ready: (Token | FinishReason)[] = []
  const content = (text: string): Token => ({ kind: 'content', text })
  const pull = () => {
    const token = raw()
    if (typeof token === 'string' || token.kind !== 'content') {
      for (const text of held.splice(0)) ready.push(content(text))
      ready.push(token)
      return
    }
    const at = matcher.feed(token.text)
    if (at !== undefined) {
      let keep = heldChars + at
      for (const text of [...held.splice(0), token.text]) {
        if (keep <= 0) break
        ready.push(content(text.slice(0, keep)))
        keep -= text.length
      }
      ready.push('stop')
      return
    }
    held.push(token.text)
    heldChars += token.text.length
    const safe = heldChars - matcher.pending()
    let released = 0
    while (held.length > 0 && released + held[0].length <= safe) {
      const text = held.shift() ?? ''
      released += text.length
      ready.push(content(text))
    }
    heldChars -= released
  }
  return () => {
    while (ready.length === 0) pull()
    return ready.shift() ?? 'stop'
  }
}
