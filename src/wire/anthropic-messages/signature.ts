/**
 * Where a thinking block's opaque data came from, carried through a Messages client and back.
 *
 * A signature (or a redacted block's `data`) is only valid for the provider that issued it:
 * Anthropic rejects a signature it did not make ("Invalid `signature` in `thinking` block"), and
 * so do Bedrock and OpenAI with theirs. A Messages client, though, sends every thinking block it
 * received back on the next turn, whichever deployment answered it. So the Messages door marks
 * what it did not relay from a native upstream:
 *
 *   switchyard:<origin kind>:<the provider's own data>     (e.g. `switchyard:bedrock:EqoBCkYIAx…`,
 *                                                           `switchyard:openai:` for unsigned reasoning)
 *
 * Anthropic's own signatures are base64 and never contain `:`, so an unmarked value is Anthropic's
 * (relayed untouched, and decoded with origin `anthropic`). The decoder strips the mark and sets
 * the canonical block's `origin`; each adapter sends back only blocks of its own kind; and a
 * passthrough to Anthropic drops marked blocks, which Anthropic could not verify.
 */
const MARK = 'switchyard:'

/** The kind of provider that issued signatures sent without a mark. */
export const NATIVE_ORIGIN = 'anthropic'

/** The text that only a marked signature puts in a body (a quick test before any parsing). */
export const MARKED_VALUE = `"${MARK}`

export function markSignature(origin: string, data: string): string {
  return origin === NATIVE_ORIGIN ? data : `${MARK}${origin}:${data}`
}

/** The origin and the provider's own data of a signature a client sent back; undefined data when there was none. */
export function readSignature(value: string): { origin: string; data?: string } {
  if (!value.startsWith(MARK)) return value === '' ? { origin: NATIVE_ORIGIN } : { origin: NATIVE_ORIGIN, data: value }
  const rest = value.slice(MARK.length)
  const colon = rest.indexOf(':')
  if (colon <= 0) return { origin: 'unknown' }
  const data = rest.slice(colon + 1)
  return data === '' ? { origin: rest.slice(0, colon) } : { origin: rest.slice(0, colon), data }
}

export function isMarked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MARK)
}
