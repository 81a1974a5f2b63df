import type { Frame } from './frame.js'

/** Bytes → one frame per non-empty line (Ollama's `application/x-ndjson`). */
export async function* decodeNdjson(body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim()
      buffered = buffered.slice(newline + 1)
      if (line !== '') yield { data: line }
      newline = buffered.indexOf('\n')
    }
  }
  const last = (buffered + decoder.decode()).trim()
  if (last !== '') yield { data: last }
}
