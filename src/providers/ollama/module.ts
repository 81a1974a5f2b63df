/** The ollama kind: Ollama's native API. */
import { FREE } from '../../cost/price-table.js'
import type { ProviderModule } from '../provider-module.js'
import { ollamaAdapter } from './index.js'
import { resolveOllamaOptions, type OllamaOptions } from './options.js'
import type { OllamaOptionsSchema } from './options-schema.js'

export const ollamaProvider: ProviderModule<'ollama', OllamaOptionsSchema, OllamaOptions> = {
  kind: 'ollama',
  summary: 'ollama (native API)',
  optionsSchema: async () => (await import('./options-schema.js')).ollamaOptionsSchema,
  secretOptions: [],
  resolveOptions: resolveOllamaOptions,
  baseUrl: { rule: 'fixed', url: 'http://localhost:11434' },
  // Local models cost nothing per token.
  prices: FREE,
  adapter: ollamaAdapter,
}
