/** The fake model's settings, from routes.yaml only: clients cannot change them per request. */
import type { OptionsInput } from '../provider-module.js'
import type { FakeOptionsSchema } from './options-schema.js'

export type FakeOptions = {
  /** Time to the first token (and to the answer, plus generation time, when not streaming). */
  ttft_ms: number
  tokens_per_second: number
  /** Length of embedding vectors when the client does not ask for `dimensions`. */
  embedding_dimensions: number
}

export const FAKE_DEFAULTS: Readonly<FakeOptions> = Object.freeze({ ttft_ms: 50, tokens_per_second: 200, embedding_dimensions: 16 })

export function resolveFakeOptions({ raw }: OptionsInput<'fake', FakeOptionsSchema>): FakeOptions {
  return {
    ttft_ms: raw.ttft_ms ?? FAKE_DEFAULTS.ttft_ms,
    tokens_per_second: raw.tokens_per_second ?? FAKE_DEFAULTS.tokens_per_second,
    embedding_dimensions: raw.embedding_dimensions ?? FAKE_DEFAULTS.embedding_dimensions,
  }
}
