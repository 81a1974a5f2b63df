/** The legacy completions request fields the gateway reads (others pass through), as one TypeBox schema. */
import { Type, type Static } from 'typebox'
import { nullable } from '../../schema/builders.js'

export const CompletionsRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  prompt: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })]),
  stream: Type.Optional(nullable(Type.Boolean())),
  stream_options: Type.Optional(Type.Union([Type.Object({ include_usage: Type.Optional(nullable(Type.Boolean())) }), Type.Null()])),
  max_tokens: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
  temperature: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  n: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 128 }))),
  stop: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 4 }), Type.Null()])),
  seed: Type.Optional(nullable(Type.Integer())),
  echo: Type.Optional(nullable(Type.Boolean())),
  suffix: Type.Optional(nullable(Type.String())),
  logprobs: Type.Optional(Type.Unknown()),
  best_of: Type.Optional(Type.Unknown()),
  user: Type.Optional(Type.String()),
})

export type CompletionsBody = Static<typeof CompletionsRequestSchema>
