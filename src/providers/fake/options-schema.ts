/** fake's own keys of `providers.<name>` (build time only). */
import Type from 'typebox'

export const fakeOptionsSchema = Type.Object({
  ttft_ms: Type.Optional(Type.Integer({ description: 'simulated time to the first token in milliseconds (default 50).', minimum: 0 })),
  tokens_per_second: Type.Optional(Type.Number({ description: 'simulated generation speed (default 200).', exclusiveMinimum: 0 })),
  embedding_dimensions: Type.Optional(Type.Integer({ description: 'length of the vectors it returns from /v1/embeddings (default 16).', minimum: 1 })),
})

export type FakeOptionsSchema = typeof fakeOptionsSchema
