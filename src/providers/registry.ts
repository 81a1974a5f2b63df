/** kind → adapter: the only file that lists the providers. */
import type { ProviderAdapter, ProviderKind } from './types.js'
import { openaiAdapter } from './openai/index.js'
import { azureAdapter } from './azure/index.js'
import { anthropicAdapter } from './anthropic/index.js'
import { ollamaAdapter } from './ollama/index.js'
import { geminiAdapter } from './gemini/index.js'
import { bedrockAdapter } from './bedrock/index.js'
import { fakeAdapter } from './fake/index.js'
import { FREE, type PriceLookup } from '../cost/price-table.js'
import { openaiPrices } from './openai/prices.js'
import { anthropicPrices } from './anthropic/prices.js'
import { geminiPrices } from './gemini/prices.js'
import { bedrockPrices } from './bedrock/prices.js'

export type AdapterRegistry = (kind: ProviderKind) => ProviderAdapter | undefined

const adapters: ReadonlyMap<ProviderKind, ProviderAdapter> = new Map<ProviderKind, ProviderAdapter>([
  ['openai', openaiAdapter],
  ['azure', azureAdapter],
  ['anthropic', anthropicAdapter],
  ['ollama', ollamaAdapter],
  ['gemini', geminiAdapter],
  ['bedrock', bedrockAdapter],
  ['fake', fakeAdapter],
])

export const defaultAdapters: AdapterRegistry = (kind) => adapters.get(kind)

/** kind → the shipped price table (routes.yaml's `price:` on a deployment overrides it). */
export type PriceRegistry = (kind: ProviderKind) => PriceLookup

const prices: ReadonlyMap<ProviderKind, PriceLookup> = new Map<ProviderKind, PriceLookup>([
  ['openai', openaiPrices],
  // An Azure deployment is usually named after its model (`gpt-4o-mini`); other names need `price:`.
  ['azure', openaiPrices],
  ['anthropic', anthropicPrices],
  // Local models cost nothing per token.
  ['ollama', FREE],
  ['gemini', geminiPrices],
  ['bedrock', bedrockPrices],
  ['fake', FREE],
])

export const defaultPrices: PriceRegistry = (kind) => prices.get(kind) ?? FREE
