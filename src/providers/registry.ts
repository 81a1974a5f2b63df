/** kind → adapter: the only file that lists the providers. */
import type { ProviderAdapter, ProviderKind } from './types.js'
import { openaiAdapter } from './openai/index.js'
import { fakeAdapter } from './fake/index.js'

export type AdapterRegistry = (kind: ProviderKind) => ProviderAdapter | undefined

const adapters: ReadonlyMap<ProviderKind, ProviderAdapter> = new Map<ProviderKind, ProviderAdapter>([
  ['openai', openaiAdapter],
  ['fake', fakeAdapter],
])

export const defaultAdapters: AdapterRegistry = (kind) => adapters.get(kind)
