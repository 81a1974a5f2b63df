/**
 * What a provider kind owns besides its adapter: the kind-specific keys of `providers.<name>`
 * in routes.yaml (as a TypeBox schema), their defaults, how they are resolved from the file and
 * the environment, its base URL, its prices. `registry.ts` lists one module per kind; the config
 * loader, the schema generator, `switchyard check` and accounting read the kinds only through it.
 */
import type { Static, TObject } from 'typebox'
import type { Env } from '../config/interpolate.js'
import type { CommonRawProvider } from '../config/schema/provider-common.js'
import type { PriceLookup } from '../cost/price-table.js'
import type { ProviderAdapter } from './types.js'

/** `providers.<name>` as written (after `${VAR}` expansion) for a kind whose own keys `S` describes. */
export type RawProviderEntry<K extends string, S extends TObject> = { kind: K } & CommonRawProvider & Static<S>

export interface OptionsInput<K extends string, S extends TObject> {
  /** The provider's entry; a secret whose variable is unset is left out (and `written` says so). */
  raw: RawProviderEntry<K, S>
  env: Env
  /** Whether `key` was written in the file, even if its variable turned out unset. */
  written(key: string): boolean
  /** A problem that makes the file invalid: at one of the provider's keys, or at its name. `text` follows the path. */
  problem(text: string, key?: string): void
  /** An environment variable the provider needs and that is unset: a warning; requests to it fail with 503. */
  missing(variable: string): void
}

/** Options as `ProviderConfig.options` holds them: read-only, and readable as a record whatever the kind. */
export type ResolvedOptions<O> = Readonly<O> & Readonly<Record<string, unknown>>

/** Where a provider's base URL comes from when routes.yaml gives none. */
export type BaseUrlRule<O> =
  | { rule: 'fixed'; url: string }
  /** Built from the resolved options (bedrock: from its region); `doc` is how the schema shows it. */
  | { rule: 'from-options'; doc: string; url(options: O): string }
  /** No default: every account has its own host (azure). */
  | { rule: 'required'; example: string }

export interface ProviderModule<K extends string, S extends TObject, O extends object> {
  kind: K
  /** How the schema lists this kind: `ollama (native API)`. */
  summary: string
  /**
   * The kind's own keys of `providers.<name>`. Loaded only by the schema generator (and tests),
   * so that TypeBox stays out of the gateway's start-up: the gateway validates routes.yaml
   * against the generated routes.schema.json.
   */
  optionsSchema(): Promise<S>
  /** Keys that hold secrets: an unset variable there is a warning (503 on use), not an invalid file. */
  secretOptions: readonly string[]
  /** The options adapters read, resolved and defaulted; undefined when a problem was reported. */
  resolveOptions(input: OptionsInput<K, S>): O | undefined
  baseUrl: BaseUrlRule<O>
  /** A base URL may have any scheme (the built-in fake's `fake://local`); otherwise http(s) only. */
  anyUrlScheme?: boolean
  /** Appended to api_key's description in the schema: what an API key means for this kind. */
  apiKeyNote?: string
  /** How `switchyard check` describes credentials that are not an api_key (never showing them). */
  credentialsNote?(options: ResolvedOptions<O>): string | undefined
  /** The shipped price table (a deployment's `price:` in routes.yaml overrides it). */
  prices: PriceLookup
  adapter: ProviderAdapter
}

/** For kinds that take no keys of their own (their resolved options are empty). */
export type NoOptions = Readonly<Record<string, never>>

export const noOptions = (): NoOptions => ({})
