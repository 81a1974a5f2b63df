/** The azure kind: Azure OpenAI deployments (the openai adapter with Azure's URLs and errors). */
import type { ProviderModule } from '../provider-module.js'
import { openaiPrices } from '../openai/prices.js'
import { azureAdapter } from './index.js'
import { resolveAzureOptions, type AzureOptions } from './options.js'
import type { AzureOptionsSchema } from './options-schema.js'

export const azureProvider: ProviderModule<'azure', AzureOptionsSchema, AzureOptions> = {
  kind: 'azure',
  summary: 'azure',
  optionsSchema: async () => (await import('./options-schema.js')).azureOptionsSchema,
  secretOptions: [],
  resolveOptions: resolveAzureOptions,
  baseUrl: { rule: 'required', example: 'https://{resource}.openai.azure.com/openai' },
  // An Azure deployment is usually named after its model (`gpt-4o-mini`); other names need `price:`.
  prices: openaiPrices,
  adapter: azureAdapter,
}
