/**
 * Edits of a JSON object's top-level members on its text, leaving every other byte as the client
 * sent it (key order, spacing, number spelling, escapes, unknown fields). A passthrough replaces
 * `model` this way instead of parsing and re-serialising: `1.0` stays `1.0`, `"\u00e9"` stays
 * escaped, and nothing the gateway does not understand is normalised away. The text must
 * already be valid JSON (the body was parsed before).
 */

/** Where one top-level member sits: `"key": value` spans [start, end), its value [valueStart, end). */
interface MemberSpan {
  key: string
  start: number
  valueStart: number
  end: number
}

/** The top-level members of a JSON object's text, in order; undefined when the text is not an object. */
function members(text: string): MemberSpan[] | undefined {
  let i = skipSpace(text, 0)
  if (text[i] !== '{') return undefined
  i = skipSpace(text, i + 1)
  const out: MemberSpan[] = []
  while (i < text.length && text[i] !== '}') {
    const start = i
    const keyEnd = stringEnd(text, i)
    const key = JSON.parse(text.slice(i, keyEnd)) as string
    i = skipSpace(text, keyEnd)
    i = skipSpace(text, i + 1) // the colon
    const valueStart = i
    const end = valueEnd(text, i)
    out.push({ key, start, valueStart, end })
    i = skipSpace(text, end)
    if (text[i] === ',') i = skipSpace(text, i + 1)
  }
  return out
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++
  return i
}

/** The index just past the string that starts (with its quote) at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j]
    if (ch === '\\') j++
    else if (ch === '"') return j + 1
  }
  return text.length
}

/** The index just past the value that starts at `i`. */
function valueEnd(text: string, i: number): number {
  const first = text[i]
  if (first === '"') return stringEnd(text, i)
  if (first !== '{' && first !== '[') {
    let j = i
    while (j < text.length && !',}] \n\r\t'.includes(text[j]!)) j++
    return j
  }
  let depth = 0
  for (let j = i; j < text.length; j++) {
    const ch = text[j]
    if (ch === '"') j = stringEnd(text, j) - 1
    else if (ch === '{' || ch === '[') depth++
    else if (ch === '}' || ch === ']') {
      depth--
      if (depth === 0) return j + 1
    }
  }
  return text.length
}

/** The raw text of a top-level member's value (the last one, as JSON.parse reads duplicates), or undefined. */
export function memberText(text: string, key: string): string | undefined {
  const found = members(text)?.filter((m) => m.key === key).at(-1)
  return found === undefined ? undefined : text.slice(found.valueStart, found.end)
}

/**
 * The text with the member `key` set to `valueJson` (JSON text), or removed when `valueJson` is
 * undefined. Every duplicate of the key goes but the last, which takes the value; a key that is
 * absent is added first in the object.
 */
export function withMember(text: string, key: string, valueJson: string | undefined): string {
  const all = members(text)
  if (all === undefined) return text
  const same = all.filter((m) => m.key === key)
  if (same.length === 0) {
    if (valueJson === undefined) return text
    const open = text.indexOf('{')
    const sep = all.length === 0 ? '' : ','
    return `${text.slice(0, open + 1)}${JSON.stringify(key)}:${valueJson}${sep}${text.slice(open + 1)}`
  }
  let out = text
  // From the end, so earlier offsets stay valid.
  for (let n = same.length - 1; n >= 0; n--) {
    const m = same[n]!
    if (n === same.length - 1 && valueJson !== undefined) out = out.slice(0, m.valueStart) + valueJson + out.slice(m.end)
    else out = removeSpan(out, m, all)
  }
  return out
}

/** Removes one member and the comma that joined it to its neighbour. */
function removeSpan(text: string, m: MemberSpan, all: readonly MemberSpan[]): string {
  const index = all.indexOf(m)
  const next = all[index + 1]
  if (next !== undefined) return text.slice(0, m.start) + text.slice(next.start)
  const previous = all[index - 1]
  if (previous !== undefined) return text.slice(0, previous.end) + text.slice(m.end)
  return text.slice(0, m.start) + text.slice(m.end)
}
