/** The anthropic kind: Anthropic's Messages API. No keys of its own. */
import type { NoOptionsSchema } from '../no-options-schema.js'
import { noOptions, type NoOptions, type ProviderModule } from '../provider-module.js'
import { anthropicAdapter } from './index.js'
import { anthropicPrices } from './prices.js'

export const anthropicProvider: ProviderModule<'anthropic', NoOptionsSchema, NoOptions> = {
  kind: 'anthropic',
  summary: 'anthropic',
  optionsSchema: async () => (await import('../no-options-schema.js')).noOptionsSchema,
  secretOptions: [],
  resolveOptions: noOptions,
  baseUrl: { rule: 'fixed', url: 'https://api.anthropic.com' },
  prices: anthropicPrices,
  adapter: anthropicAdapter,
}
