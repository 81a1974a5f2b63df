import type { EmbeddingsRequest } from '../../canonical/embeddings.js'
import type { LocalResponse } from '../types.js'
import { fnv1a, xorshift32 } from './random.js'
import { countTokens } from '../../tokens/count-tokens.js'
import type { FakeSettings } from './settings.js'
import { sleepUntil } from './sleep-until.js'
import { abortReason, singleChunk } from './local-body.js'

/**
 * A deterministic unit vector for an input: components drawn from a generator seeded by the
 * input's hash, normalised, and rounded to float32 so the float and base64 answers carry the
 * very same numbers.
 */
export function fakeVector(input: string | readonly number[], dimensions: number): number[] {
  const next = xorshift32(fnv1a(typeof input === 'string' ? input : JSON.stringify(input)))
  const raw = Array.from({ length: dimensions }, () => next() / 0x80000000 - 1)
  const norm = Math.hypot(...raw) || 1
  return raw.map((x) => Math.fround(x / norm))
}

/** float32 little-endian, base64: OpenAI's `encoding_format: "base64"`. */
export function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4)
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4))
  return bytes.toString('base64')
}

/** The fake's /embeddings answer (after ttft), in the encoding the client asked for. */
export async function answerEmbeddings(req: EmbeddingsRequest, settings: FakeSettings, signal: AbortSignal): Promise<LocalResponse> {
  signal.throwIfAborted()
  const start = performance.now()
  const dims = req.dimensions !== undefined && Number.isInteger(req.dimensions) && req.dimensions > 0 ? req.dimensions : settings.embeddingDimensions
  const texts = req.input.filter((x): x is string => typeof x === 'string')
  const counted = await countTokens(texts)
  const promptTokens = counted.reduce((a, b) => a + b, 0) + req.input.reduce((a, x) => a + (typeof x === 'string' ? 0 : x.length), 0)
  if (!(await sleepUntil(start + settings.ttftMs, signal))) throw abortReason(signal)
  const body = {
    object: 'list',
    data: req.input.map((input, index) => {
      const vector = fakeVector(input, dims)
      return { object: 'embedding', index, embedding: req.encodingFormat === 'base64' ? float32Base64(vector) : vector }
    }),
    model: req.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: singleChunk(new TextEncoder().encode(JSON.stringify(body))) }
}
