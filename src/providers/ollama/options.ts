/** What the ollama adapter reads from routes.yaml. */
import type { OptionsInput } from '../provider-module.js'
import type { OllamaOptionsSchema } from './options-schema.js'

export type OllamaOptions = { keep_alive?: string | number; num_ctx?: number }

export function resolveOllamaOptions({ raw }: OptionsInput<'ollama', OllamaOptionsSchema>): OllamaOptions {
  const options: OllamaOptions = {}
  // `${OLLAMA_KEEP_ALIVE:-}` left empty means "the server's default", as if not written.
  if (raw.keep_alive !== undefined && raw.keep_alive !== '') options.keep_alive = raw.keep_alive
  if (raw.num_ctx !== undefined) options.num_ctx = raw.num_ctx
  return options
}
