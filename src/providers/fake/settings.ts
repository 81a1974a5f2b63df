/** The fake model's settings, from routes.yaml only: clients cannot change them per request. */
export interface FakeSettings {
  /** Time to the first token (and to the answer, plus generation time, when not streaming). */
  ttftMs: number
  tokensPerSecond: number
  /** Length of embedding vectors when the client does not ask for `dimensions`. */
  embeddingDimensions: number
}

export const FAKE_DEFAULTS: Readonly<FakeSettings> = { ttftMs: 50, tokensPerSecond: 200, embeddingDimensions: 16 }

/** `ttft_ms`, `tokens_per_second`, `embedding_dimensions` from the provider's options; bad values fall back to defaults. */
export function fakeSettings(options: Readonly<Record<string, unknown>>): FakeSettings {
  return {
    ttftMs: number(options.ttft_ms, (n) => n >= 0) ?? FAKE_DEFAULTS.ttftMs,
    tokensPerSecond: number(options.tokens_per_second, (n) => n > 0) ?? FAKE_DEFAULTS.tokensPerSecond,
    embeddingDimensions: number(options.embedding_dimensions, (n) => Number.isInteger(n) && n > 0) ?? FAKE_DEFAULTS.embeddingDimensions,
  }
}

function number(value: unknown, ok: (n: number) => boolean): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && ok(value) ? value : undefined
}
