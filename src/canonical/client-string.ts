/**
 * A string a client chose (a model name, a route, an id), made fit for an HTTP header value
 * or a log line: printable ASCII only, and at most `maxLength` characters.
 *
 * Characters outside `!`..`~` (space, controls, CR/LF, non-ASCII, lone surrogates) and `%`
 * itself are percent-encoded as UTF-8, so the result is unambiguous and never splits a header
 * or forges a log line; a longer string is cut and says how much was left out. Header values
 * must be Latin-1 (a non-Latin-1 header is a 500 in Node), and a megabyte name in a header
 * breaks every client that reads it.
 */

/** Long enough for any real model id (see model-name.ts), short enough for any header. */
export const MAX_ECHOED_LENGTH = 256

export function boundClientString(value: string, maxLength = MAX_ECHOED_LENGTH): string {
  /** Output pieces, and how many UTF-16 units of `value` each stands for. */
  const pieces: { text: string; units: number }[] = []
  let length = 0
  let consumed = 0
  // for…of walks code points: a surrogate pair is one character, a lone surrogate one too.
  for (const ch of value) {
    const code = ch.charCodeAt(0)
    const text = ch.length === 1 && code > 0x20 && code < 0x7f && code !== 0x25 ? ch : percentEncode(ch)
    if (length + text.length > maxLength) break
    pieces.push({ text, units: ch.length })
    length += text.length
    consumed += ch.length
  }
  if (consumed < value.length) {
    // The note must fit too: drop whole pieces (never half an escape) until it does.
    const note = () => `...(+${value.length - consumed} chars)`
    while (pieces.length > 0 && length + note().length > maxLength) {
      const last = pieces.pop()!
      length -= last.text.length
      consumed -= last.units
    }
    return pieces.map((p) => p.text).join('') + note()
  }
  return pieces.map((p) => p.text).join('')
}

/** UTF-8 percent-encoding; a lone surrogate is encoded as U+FFFD (Buffer's own replacement). */
function percentEncode(ch: string): string {
  let out = ''
  for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  return out
}
