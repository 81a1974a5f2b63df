/** The gemini kind: Google's Generative Language API. */
import type { ProviderModule } from '../provider-module.js'
import { geminiAdapter } from './index.js'
import { resolveGeminiOptions, type GeminiOptions } from './options.js'
import type { GeminiOptionsSchema } from './options-schema.js'
import { geminiPrices } from './prices.js'

export const geminiProvider: ProviderModule<'gemini', GeminiOptionsSchema, GeminiOptions> = {
  kind: 'gemini',
  summary: 'gemini',
  optionsSchema: async () => (await import('./options-schema.js')).geminiOptionsSchema,
  secretOptions: [],
  resolveOptions: resolveGeminiOptions,
  baseUrl: { rule: 'fixed', url: 'https://generativelanguage.googleapis.com/v1beta' },
  prices: geminiPrices,
  adapter: geminiAdapter,
}
