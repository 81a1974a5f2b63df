/**
 * `providers:` → ProviderConfig. What every kind shares is done here (base URL checks, headers,
 * models, capabilities, the api_key, unset secrets turned into warnings); the kind's own keys,
 * their defaults and environment fallbacks, and its default base URL come from its module
 * (src/providers/<kind>/module.ts, listed in src/providers/registry.ts).
 */
import type { BaseUrlRule } from '../providers/provider-module.js'
import { MODULES, type ProviderKind, type RawProvider, type RawProviderOf } from '../providers/registry.js'
import type { Capabilities } from '../providers/types.js'
import type { ConfigIssue } from './config-error.js'
import type { Env } from './interpolate.js'
import { displayPath, type ConfigPath, type Locator } from './locate.js'
import type { RawCapabilities } from './schema/routes-file.js'
import type { ProviderConfig } from './types.js'

export interface ProvidersResult {
  /** Providers whose kind-specific keys resolved (the others have issues). */
  providers: Map<string, ProviderConfig>
  issues: ConfigIssue[]
  warnings: ConfigIssue[]
}

/** Where the secrets whose variables were unset sat: provider name → key → variables. */
export type MissingSecrets = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>

/** The keys of a provider of `kind` that hold secrets (an unset variable there is a warning). */
export function secretKeys(kind: ProviderKind): readonly string[] {
  return ['api_key', ...MODULES[kind].secretOptions]
}

/** An empty string means "not given" for optional keys (`${VAR:-}`). */
function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

export function toCapabilities(raw: RawCapabilities | undefined): Partial<Capabilities> | undefined {
  if (raw === undefined) return undefined
  const out: Partial<Capabilities> = {}
  if (raw.tools !== undefined) out.tools = raw.tools
  if (raw.vision !== undefined) out.vision = raw.vision
  if (raw.json_schema !== undefined) out.jsonSchema = raw.json_schema
  if (raw.streaming !== undefined) out.streaming = raw.streaming
  if (raw.embeddings !== undefined) out.embeddings = raw.embeddings
  if (raw.context_window !== undefined) out.contextWindow = raw.context_window
  if (raw.max_output_tokens !== undefined) out.maxOutputTokens = raw.max_output_tokens
  return out
}

/** Checks a base URL and drops its trailing slashes; returns an error message or the URL. */
function checkBaseUrl(url: string, anyScheme: boolean): { ok: true; url: string } | { ok: false; error: string } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, error: 'is not a valid URL' }
  }
  if (!anyScheme && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, error: `must be an http:// or https:// URL, not ${parsed.protocol}//` }
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    return { ok: false, error: 'must not have a query string or fragment (adapters append paths and parameters to it)' }
  }
  return { ok: true, url: url.replace(/\/+$/, '') }
}

interface Sink {
  at: Locator
  issues: ConfigIssue[]
  warnings: ConfigIssue[]
}

/** One provider, typed by its kind, so its module gets its own keys and gives back its own options. */
function resolveProvider<K extends ProviderKind>(
  name: string,
  raw: RawProviderOf<K>,
  missing: ReadonlyMap<string, readonly string[]>,
  env: Env,
  sink: Sink,
): ProviderConfig<K> | undefined {
  const module = MODULES[raw.kind]
  const { at } = sink
  const path: ConfigPath = ['providers', name]
  const missingEnv: string[] = []
  const miss = (variable: string, where: ConfigPath, anchor: 'key' | 'value'): void => {
    if (!missingEnv.includes(variable)) missingEnv.push(variable)
    sink.warnings.push(at.issue(where, `provider '${name}' needs ${variable}, which is not set; requests routed to it will fail with 503`, anchor))
  }
  for (const [key, vars] of missing) for (const v of vars) miss(v, [...path, key], 'value')

  // A key counts as written when it has a value, or a variable that turned out unset.
  const written = new Set([...missing.keys(), ...Object.entries(raw).flatMap(([key, value]) => (value === '' ? [] : [key]))])
  const options = module.resolveOptions({
    raw,
    env,
    written: (key) => written.has(key),
    problem: (text, key) =>
      sink.issues.push(key === undefined ? at.issue(path, `${displayPath(path)} ${text}`, 'key') : at.issue([...path, key], `${displayPath([...path, key])} ${text}`)),
    missing: (variable) => miss(variable, path, 'key'),
  })

  const url = baseUrl(raw, options, module.baseUrl, module.anyUrlScheme === true, path, sink)
  if (options === undefined) return undefined
  const provider: ProviderConfig<K> = {
    name,
    kind: raw.kind,
    baseUrl: url,
    missingEnv,
    headers: Object.fromEntries(Object.entries(raw.headers ?? {}).filter(([, value]) => value !== '')),
    models: (raw.models ?? []).filter((m) => m !== ''),
    options,
  }
  const apiKey = given(raw.api_key)
  if (apiKey !== undefined) provider.apiKey = apiKey
  const capabilities = toCapabilities(raw.capabilities)
  if (capabilities !== undefined) provider.capabilities = capabilities
  if (raw.max_connections !== undefined) provider.maxConnections = raw.max_connections
  return provider
}

/** The base URL as written, else the kind's default; checked, without trailing slashes. */
function baseUrl<O>(raw: { kind: string; base_url?: string }, options: O | undefined, rule: BaseUrlRule<O>, anyScheme: boolean, path: ConfigPath, sink: Sink): string {
  const where: ConfigPath = [...path, 'base_url']
  let url = given(raw.base_url)
  if (url === undefined && rule.rule === 'required') {
    // The schema requires base_url for such a kind, so here it was written but came out empty.
    sink.issues.push(sink.at.issue(where, `${displayPath(where)} is empty; kind '${raw.kind}' has no default: write ${rule.example}`))
    return ''
  }
  if (url === undefined && options !== undefined) url = rule.rule === 'fixed' ? rule.url : rule.rule === 'from-options' ? rule.url(options) : undefined
  if (url === undefined) return ''
  const checked = checkBaseUrl(url, anyScheme)
  if (checked.ok) return checked.url
  sink.issues.push(sink.at.issue(where, `${displayPath(where)} ${checked.error}`))
  return url
}

export function resolveProviders(raws: Readonly<Record<string, RawProvider>>, missingSecrets: MissingSecrets, env: Env, at: Locator): ProvidersResult {
  const sink: Sink = { at, issues: [], warnings: [] }
  const providers = new Map<string, ProviderConfig>()
  for (const [name, raw] of Object.entries(raws)) {
    const provider = resolveProvider(name, raw, missingSecrets.get(name) ?? new Map<string, readonly string[]>(), env, sink)
    if (provider !== undefined) providers.set(name, provider)
  }
  return { providers, issues: sink.issues, warnings: sink.warnings }
}
