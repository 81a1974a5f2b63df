/** The bedrock kind: AWS Bedrock's Converse API (and InvokeModel for embeddings). */
import type { ProviderModule } from '../provider-module.js'
import { bedrockAdapter } from './index.js'
import { resolveBedrockOptions, type BedrockOptions } from './options.js'
import type { BedrockOptionsSchema } from './options-schema.js'
import { bedrockPrices } from './prices.js'

export const bedrockProvider: ProviderModule<'bedrock', BedrockOptionsSchema, BedrockOptions> = {
  kind: 'bedrock',
  summary: 'bedrock (Converse)',
  optionsSchema: async () => (await import('./options-schema.js')).bedrockOptionsSchema,
  secretOptions: ['access_key_id', 'secret_access_key', 'session_token'],
  resolveOptions: resolveBedrockOptions,
  // The Converse endpoint host, as in fixtures/bedrock (SOURCES.md).
  baseUrl: { rule: 'from-options', doc: 'https://bedrock-runtime.{region}.amazonaws.com', url: (o) => `https://bedrock-runtime.${o.region}.amazonaws.com` },
  apiKeyNote: 'an API key is sent as a bearer token instead of SigV4 signing',
  credentialsNote: (o) => (o.access_key_id !== undefined ? 'AWS credentials set' : undefined),
  prices: bedrockPrices,
  adapter: bedrockAdapter,
}
