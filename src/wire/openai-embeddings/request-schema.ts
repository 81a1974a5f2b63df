/** The OpenAI embeddings request fields the gateway reads (others pass through), as one TypeBox schema. */
import { Type, type Static } from 'typebox'

export const EmbeddingsRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  input: Type.Union([
    Type.String(),
    Type.Array(Type.String(), { minItems: 1 }),
    Type.Array(Type.Integer(), { minItems: 1 }),
    Type.Array(Type.Array(Type.Integer(), { minItems: 1 }), { minItems: 1 }),
  ]),
  encoding_format: Type.Optional(Type.Enum(['float', 'base64'])),
  dimensions: Type.Optional(Type.Integer({ minimum: 1 })),
  user: Type.Optional(Type.String()),
})

export type EmbeddingsBody = Static<typeof EmbeddingsRequestSchema>
