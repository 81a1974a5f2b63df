/** The openai kind: OpenAI and every OpenAI-compatible server. No keys of its own. */
import type { NoOptionsSchema } from '../no-options-schema.js'
import { noOptions, type NoOptions, type ProviderModule } from '../provider-module.js'
import { openaiAdapter } from './index.js'
import { openaiPrices } from './prices.js'

export const openaiProvider: ProviderModule<'openai', NoOptionsSchema, NoOptions> = {
  kind: 'openai',
  summary: 'openai (and OpenAI-compatible servers)',
  optionsSchema: async () => (await import('../no-options-schema.js')).noOptionsSchema,
  secretOptions: [],
  resolveOptions: noOptions,
  baseUrl: { rule: 'fixed', url: 'https://api.openai.com/v1' },
  prices: openaiPrices,
  adapter: openaiAdapter,
}
