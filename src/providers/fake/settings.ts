/** The fake model's settings, in the names its code uses, from the options its module resolved. */
import type { FakeOptions } from './options.js'

export interface FakeSettings {
  /** Time to the first token (and to the answer, plus generation time, when not streaming). */
  ttftMs: number
  tokensPerSecond: number
  /** Length of embedding vectors when the client does not ask for `dimensions`. */
  embeddingDimensions: number
}

export function fakeSettings(options: Readonly<FakeOptions>): FakeSettings {
  return { ttftMs: options.ttft_ms, tokensPerSecond: options.tokens_per_second, embeddingDimensions: options.embedding_dimensions }
}
