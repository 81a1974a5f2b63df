/**
 * Edits of JSON text that leave every other byte alone: a passthrough replaces one member of the
 * client's body without re-serialising it, so numbers, key order, whitespace, unicode escapes and
 * fields the gateway does not know reach the upstream exactly as the client wrote them.
 * The text must be valid JSON (it was parsed before): nothing here validates it.
 */

/**
 * The text with every top-level member named `key` given `valueJson` as its value (JSON.parse
 * keeps the last of duplicate keys; all are replaced, so none survives). When the object has no
 * such member, it is added first.
 */
export function replaceTopLevelMember(text: string, key: string, valueJson: string): string {
  const spans = topLevelValueSpans(text, key)
  if (spans.length === 0) {
    const open = text.indexOf('{')
    const empty = /^\s*\}/.test(text.slice(open + 1))
    return `${text.slice(0, open + 1)}${JSON.stringify(key)}:${valueJson}${empty ? '' : ','}${text.slice(open + 1)}`
  }
  let out = ''
  let at = 0
  for (const [start, end] of spans) {
    out += text.slice(at, start) + valueJson
    at = end
  }
  return out + text.slice(at)
}

/** [start, end) of the values of the top-level members named `key`, in order. */
function topLevelValueSpans(text: string, key: string): [number, number][] {
  const spans: [number, number][] = []
  let i = skipSpace(text, text.indexOf('{') + 1)
  while (i < text.length && text[i] !== '}') {
    const keyEnd = stringEnd(text, i)
    const name: unknown = JSON.parse(text.slice(i, keyEnd))
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1) // past the colon
    const valueEnd = valueEndAt(text, valueStart)
    if (name === key) spans.push([valueStart, valueEnd])
    i = skipSpace(text, valueEnd)
    if (text[i] === ',') i = skipSpace(text, i + 1)
  }
  return spans
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++
  return i
}

/** The index just past the string that starts at `i` (a `"`). */
function stringEnd(text: string, i: number): number {
  let j = i + 1
  while (j < text.length) {
    const c = text[j]
    if (c === '\\') j += 2
    else if (c === '"') return j + 1
    else j++
  }
  return j
}

/** The index just past the value that starts at `i`: a string, a nested object or array, or a literal. */
function valueEndAt(text: string, i: number): number {
  const c = text[i]
  if (c === '"') return stringEnd(text, i)
  if (c === '{' || c === '[') {
    let depth = 0
    let j = i
    while (j < text.length) {
      const d = text[j]
      if (d === '"') {
        j = stringEnd(text, j)
        continue
      }
      if (d === '{' || d === '[') depth++
      else if (d === '}' || d === ']') {
        depth--
        if (depth === 0) return j + 1
      }
      j++
    }
    return j
  }
  let j = i
  while (j < text.length && !/[\s,}\]]/.test(text[j]!)) j++
  return j
}
