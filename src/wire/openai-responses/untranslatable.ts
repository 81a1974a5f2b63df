/**
 * Parts of a Responses request the canonical model cannot carry: refused by name when the
 * request must be translated (or dropped when the route says `drop_params`), and passed through
 * untouched to an upstream that serves the Responses API itself.
 */
export interface Untranslatable {
  add(param: string, why: string): void
  readonly list: readonly { param: string; why: string }[]
}

export function collectUntranslatable(): Untranslatable {
  const list: { param: string; why: string }[] = []
  return { add: (param, why) => void list.push({ param, why }), list }
}
