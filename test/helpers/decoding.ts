/** What the decoder tests share: cutting bytes into chunks, and a bound on how long a decode may take. */
import { GatewayError } from '../../src/errors/gateway-error.js'
import type { Frame } from '../../src/streaming/frame.js'
import { chunksOf } from './fixtures.js'

/** `bytes` cut at the given offsets (any order, duplicates and out-of-range ones ignored). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut))
    start = cut
  }
  chunks.push(bytes.subarray(start))
  return chunks
}

/** A decoder's whole output, or the GatewayError it ended with (any other throw fails the test). */
export type Decoded = { frames: Frame[]; error?: { kind: string; message: string } }

/** A decode that has not settled after this is a hang (generous: a decode here takes milliseconds). */
const HANG_MS = 10_000

export async function decodeAll(decode: (body: AsyncIterable<Uint8Array>) => AsyncIterable<Frame>, chunks: readonly Uint8Array[]): Promise<Decoded> {
  const frames: Frame[] = []
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the decoder did not finish within ${HANG_MS} ms`)), HANG_MS)
  })
  const run = (async (): Promise<Decoded> => {
    try {
      for await (const frame of decode(chunksOf(...chunks))) frames.push(frame)
      return { frames }
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err
      return { frames, error: { kind: err.kind, message: err.message } }
    }
  })()
  try {
    return await Promise.race([run, hang])
  } finally {
    clearTimeout(timer)
  }
}
