/**
 * `provider_options.ollama` on a request, and `params:` on an ollama deployment: /api/chat
 * fields outside the common subset (ollama/ollama docs/api.md): `options` (num_ctx,
 * repeat_penalty, …) is merged into the translated one.
 */
import Type from 'typebox'
import { closed, stringOrNumber } from '../../schema/builders.js'

export const ollamaRequestOptionsSchema = closed(
  {
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Model options: num_ctx, repeat_penalty, mirostat, …' })),
    keep_alive: Type.Optional(stringOrNumber('How long the model stays loaded after the request (e.g. "10m", or seconds).')),
  },
  { description: 'Ollama /api/chat fields, merged into the upstream body.' },
)
