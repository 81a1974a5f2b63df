/**
 * The provider kinds: the only list of them. Adding a kind is its folder (`<kind>/module.ts`
 * and what it uses) plus one line here; `ProviderKind`, the routes.yaml schema, config
 * resolution, adapters and prices all follow from this object.
 */
import type { PriceLookup } from '../cost/price-table.js'
import { anthropicProvider } from './anthropic/module.js'
import { azureProvider } from './azure/module.js'
import { bedrockProvider } from './bedrock/module.js'
import { fakeProvider } from './fake/module.js'
import { geminiProvider } from './gemini/module.js'
import { ollamaProvider } from './ollama/module.js'
import { openaiProvider } from './openai/module.js'
import type { ProviderModule, RawProviderEntry } from './provider-module.js'
import type { ProviderAdapter } from './types.js'

/** In the order the schema and its messages list them. */
export const PROVIDERS = {
  openai: openaiProvider,
  azure: azureProvider,
  anthropic: anthropicProvider,
  gemini: geminiProvider,
  ollama: ollamaProvider,
  bedrock: bedrockProvider,
  fake: fakeProvider,
}

export type ProviderKind = keyof typeof PROVIDERS

/** The TypeBox schema of each kind's own keys. */
type OptionsSchemaMap = { [K in ProviderKind]: Awaited<ReturnType<(typeof PROVIDERS)[K]['optionsSchema']>> }
export type ProviderOptionsSchema<K extends ProviderKind> = OptionsSchemaMap[K]

/** What each kind's adapter reads from `ProviderConfig.options`. */
type OptionsMap = { [K in ProviderKind]: NonNullable<ReturnType<(typeof PROVIDERS)[K]['resolveOptions']>> }
export type ProviderOptionsOf<K extends ProviderKind> = OptionsMap[K]

export type ProviderModuleOf<K extends ProviderKind> = ProviderModule<K, ProviderOptionsSchema<K>, ProviderOptionsOf<K>>

/**
 * The same object, typed per kind, so that generic code can call a kind's module with that
 * kind's options (`MODULES[kind]` for a `kind: K`). It also checks that each key is its module's kind.
 */
export const MODULES: { readonly [K in ProviderKind]: ProviderModuleOf<K> } = PROVIDERS

export const PROVIDER_KINDS: readonly ProviderKind[] = Object.freeze(Object.keys(MODULES).filter(isProviderKind))

export function isProviderKind(value: string): value is ProviderKind {
  return Object.hasOwn(MODULES, value)
}

/** `providers.<name>` of one kind, as written. */
export type RawProviderOf<K extends ProviderKind> = RawProviderEntry<K, ProviderOptionsSchema<K>>

/** `providers.<name>` as written, whichever its kind. */
export type RawProvider = { [K in ProviderKind]: RawProviderOf<K> }[ProviderKind]

export type AdapterRegistry = (kind: ProviderKind) => ProviderAdapter | undefined

export const defaultAdapters: AdapterRegistry = (kind) => MODULES[kind].adapter

/** kind → the shipped price table (routes.yaml's `price:` on a deployment overrides it). */
export type PriceRegistry = (kind: ProviderKind) => PriceLookup

export const defaultPrices: PriceRegistry = (kind) => MODULES[kind].prices
