/**
 * The fake model's only source of variety: small seeded generators, so that the same request
 * always gets the same answer and nothing depends on the clock or Math.random.
 */

/** 32-bit FNV-1a over UTF-16 code units, continuing from `h` (a stable seed from strings). */
export function fnv1a(text: string, h = 0x811c9dc5): number {
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

/** Draws built on one xorshift32 stream. */
export interface Rng {
  /** An unsigned 32-bit integer. */
  next(): number
  /** An integer in [lo, hi] (both finite, lo <= hi; spans beyond 2^32 are drawn coarsely). */
  int(lo: number, hi: number): number
  /** A float in [0, 1). */
  unit(): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

export function createRng(seed: number): Rng {
  const next = xorshift32(seed)
  const unit = () => next() / 0x1_0000_0000
  return {
    next,
    unit,
    int: (lo, hi) => lo + Math.floor(unit() * (hi - lo + 1)),
    pick: (items) => items[next() % items.length],
    chance: (p) => unit() < p,
  }
}

/**
 * A seed for one part of an answer, from the prompt's hash (hashed once per request, however
 * many parts and choices). Without a client `seed` and for choice 0 it is that hash itself, so
 * answers stay what they were before seeds and choices existed; a seed or a later choice index
 * is hashed in after it, so each gives a different answer.
 */
export function answerSeed(promptHash: number, seed: number | undefined, choice: number, part = ''): number {
  let h = promptHash
  if (seed !== undefined) h = fnv1a(`\u0000seed:${seed}`, h)
  if (choice > 0) h = fnv1a(`\u0000choice:${choice}`, h)
  if (part !== '') h = fnv1a(`\u0000${part}`, h)
  return h
}
