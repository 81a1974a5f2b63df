import { fixtureText } from '../../helpers/fixtures.js'

/** A recorded HTTP message (`.http` fixture): start line, headers, and the body. */
export function readHttpFixture(provider: string, file: string): { startLine: string; headers: Headers; body: string } {
  // HTTP messages use CRLF; normalise so the head/body split works for either.
  const text = fixtureText(provider, file).replace(/\r\n/g, '\n')
  const split = text.indexOf('\n\n')
  const head = (split < 0 ? text : text.slice(0, split)).split('\n')
  const headers = new Headers()
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  return { startLine: head[0], headers, body: split < 0 ? '' : text.slice(split + 2).trim() }
}
