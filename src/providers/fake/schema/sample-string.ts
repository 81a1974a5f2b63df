import * as randexp from 'randexp'
import { RE2JS } from 're2js'
import type { Rng } from '../random.js'
import { FILLER } from '../words.js'
import { formatted } from './formats.js'
import { count, SchemaSampleError, type JsonRecord } from './keywords.js'

/** Longest candidate matched against a client's pattern. */
const MAX_PATTERN_SUBJECT = 256
const PATTERN_TRIES = 12

type RandExpClass = typeof randexp.default.default
function isClass(value: unknown): value is RandExpClass {
  return typeof value === 'function'
}
// randexp is CommonJS with `module.exports = RandExp`: at run time the namespace's default is
// the class; TypeScript's view of it is one level deeper.
const loaded: unknown = randexp.default
const RandExp: RandExpClass = isClass(loaded) ? loaded : randexp.default.default

/** A string for a string schema: its format, else words; fitted to min/maxLength and pattern. */
export function sampleString(s: JsonRecord, rng: Rng, options: { maxLength: number; words: readonly string[] }, at: string): string {
  const { maxLength } = options
  const min = count(s, 'minLength', at) ?? 0
  const max = count(s, 'maxLength', at)
  if (min > maxLength) throw new SchemaSampleError(`minLength ${min} is more than the fake model generates (${maxLength})`, `${at}/minLength`)
  if (max !== undefined && max < min) throw new SchemaSampleError(`maxLength ${max} is less than minLength ${min}`, `${at}/maxLength`)
  const pattern = compilePattern(s.pattern, at)
  const fits = (text: string) => {
    const length = [...text].length
    return length >= min && (max === undefined || length <= max) && (pattern === undefined || (text.length <= MAX_PATTERN_SUBJECT && pattern.re2.matcher(text).find()))
  }
  const word = () => rng.pick(FILLER)
  if (typeof s.format === 'string' && formatted(s.format, rng, word) !== undefined) {
    // A known format: only its own shapes can pass a validator that checks it.
    for (let i = 0; i < PATTERN_TRIES; i++) {
      const candidate = formatted(s.format, rng, word)
      if (candidate !== undefined && fits(candidate)) return candidate
    }
    throw new SchemaSampleError(`the fake model could not generate a ${JSON.stringify(s.format)} string that meets the schema's length and pattern`, at)
  }
  const words = fitLength(options.words.length > 0 ? rng.pick(options.words) : `${word()} ${word()}`, min, max, word)
  if (fits(words)) return words
  const matched = pattern === undefined ? undefined : fromPattern(pattern.js, rng, fits)
  if (matched !== undefined) return matched
  throw new SchemaSampleError(`the fake model could not generate a string matching the pattern ${JSON.stringify(s.pattern)} within the length limits`, `${at}/pattern`)
}

/** Words, lengthened by more words or cut, to a length in [min, max]. */
function fitLength(text: string, min: number, max: number | undefined, word: () => string): string {
  let out = text
  while (out.length < min) out += ` ${word()}`
  if (max !== undefined && out.length > max) out = out.slice(0, max)
  return out.endsWith(' ') ? `${out.slice(0, -1)}s` : out
}

/** A string generated from the pattern itself (randexp, drawing from our generator), or undefined. */
function fromPattern(pattern: RegExp, rng: Rng, fits: (text: string) => boolean): string | undefined {
  try {
    const gen = new RandExp(pattern)
    gen.max = 8
    gen.randInt = (a: number, b: number) => rng.int(a, b)
    for (let i = 0; i < PATTERN_TRIES; i++) {
      const candidate = gen.gen()
      if (fits(candidate)) return candidate
    }
  } catch {
    // Syntax randexp cannot read: refused below like any pattern it cannot meet.
  }
  return undefined
}

/**
 * A client's pattern, compiled twice: as JavaScript reads it (randexp generates from that) and
 * as RE2 reads it, which matches in linear time, so a pattern built to backtrack for minutes
 * (`^(a+)+$` against "aaaa…b") costs microseconds. What RE2 cannot read (lookaround,
 * backreferences) is refused rather than run on the backtracking engine.
 */
function compilePattern(pattern: unknown, at: string): { js: RegExp; re2: RE2JS } | undefined {
  if (pattern === undefined) return undefined
  if (typeof pattern !== 'string') throw new SchemaSampleError(`'pattern' must be a string`, `${at}/pattern`)
  let js: RegExp
  try {
    js = new RegExp(pattern, 'u')
  } catch {
    throw new SchemaSampleError(`'pattern' ${JSON.stringify(pattern)} is not a valid regular expression`, `${at}/pattern`)
  }
  try {
    return { js, re2: RE2JS.compile(pattern) }
  } catch (err) {
    const why = err instanceof Error ? ` (${err.message.replace(/^error parsing regexp: /, '')})` : ''
    throw new SchemaSampleError(`'pattern' ${JSON.stringify(pattern)} is beyond the fake model's generator, which matches with RE2: no lookaround, no backreferences, repeat counts up to 1000${why}`, `${at}/pattern`)
  }
}
