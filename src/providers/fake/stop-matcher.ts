/**
 * Finds stop sequences in text that arrives a piece at a time, without looking back over what
 * was already passed: one KMP automaton per sequence, so each character costs O(1) amortised
 * whatever the sequences' lengths.
 */
export interface StopMatcher {
  /**
   * Feeds the next piece. Returns the offset in this piece where the first completed stop
   * sequence begins (it may begin in an earlier piece: then the offset is negative), or
   * undefined when none completed.
   */
  feed(piece: string): number | undefined
  /** Characters at the end of what was fed that may yet begin a stop sequence. */
  pending(): number
}

export function createStopMatcher(sequences: readonly string[]): StopMatcher {
  const stops = sequences.filter((s) => s !== '')
  const fail = stops.map(failureTable)
  const state = stops.map(() => 0)
  return {
    feed(piece) {
      for (let i = 0; i < piece.length; i++) {
        const c = piece.charCodeAt(i)
        let found: number | undefined
        for (let k = 0; k < stops.length; k++) {
          const s = stops[k]
          let q = state[k]
          while (q > 0 && s.charCodeAt(q) !== c) q = fail[k][q - 1]
          if (s.charCodeAt(q) === c) q++
          // Of sequences completing on the same character, the longest began first.
          if (q === s.length) found = Math.min(found ?? Infinity, i + 1 - s.length)
          state[k] = q
        }
        if (found !== undefined) return found
      }
      return undefined
    },
    pending: () => Math.max(0, ...state),
  }
}

/** KMP's failure function: for each prefix, the length of its longest proper border. */
function failureTable(s: string): number[] {
  const table = new Array<number>(s.length).fill(0)
  for (let i = 1, k = 0; i < s.length; i++) {
    while (k > 0 && s.charCodeAt(i) !== s.charCodeAt(k)) k = table[k - 1]
    if (s.charCodeAt(i) === s.charCodeAt(k)) k++
    table[i] = k
  }
  return table
}
