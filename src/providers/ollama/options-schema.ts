/** ollama's own keys of `providers.<name>` (build time only). */
import Type from 'typebox'
import { stringOrNumber } from '../../schema/builders.js'

export const ollamaOptionsSchema = Type.Object({
  keep_alive: Type.Optional(
    stringOrNumber(
      'how long Ollama keeps the model loaded after a request: a duration (`10m`, `24h`) or seconds; negative keeps it loaded, 0 unloads it at once (default: the server\'s, 5m).',
    ),
  ),
  num_ctx: Type.Optional(Type.Integer({ description: "the context length Ollama runs the model with, in tokens (default: the model's or the server's).", minimum: 1 })),
})

export type OllamaOptionsSchema = typeof ollamaOptionsSchema
