/** kind → adapter: the only file that lists the providers. */
import type { ProviderAdapter, ProviderKind } from './types.js'
import { openaiAdapter } from './openai/index.js'
import { azureAdapter } from './azure/index.js'
import { anthropicAdapter } from './anthropic/index.js'
import { ollamaAdapter } from './ollama/index.js'
import { geminiAdapter } from './gemini/index.js'
import { bedrockAdapter } from './bedrock/index.js'
import { fakeAdapter } from './fake/index.js'

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
