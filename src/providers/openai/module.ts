/** The openai kind: OpenAI and every OpenAI-compatible server. */
import type { ProviderModule } from '../provider-module.js'
import { openaiAdapter } from './index.js'
import { resolveOpenAIOptions, type OpenAIOptions } from './options.js'
import type { OpenAIOptionsSchema } from './options-schema.js'
import { openaiPrices } from './prices.js'

export const openaiProvider: ProviderModule<'openai', OpenAIOptionsSchema, OpenAIOptions> = {
  kind: 'openai',
  summary: 'openai (and OpenAI-compatible servers)',
  optionsSchema: async () => (await import('./options-schema.js')).openaiOptionsSchema,
  secretOptions: [],
  resolveOptions: resolveOpenAIOptions,
  baseUrl: { rule: 'fixed', url: 'https://api.openai.com/v1' },
  prices: openaiPrices,
  adapter: openaiAdapter,
}
