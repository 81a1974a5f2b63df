/**
 * `providers:` → ProviderConfig: base URL defaults, credentials (with the AWS environment
 * fallbacks for bedrock), missing secrets turned into warnings, kind-specific options.
 */
import type { Capabilities } from '../providers/types.js'
import type { ConfigIssue } from './config-error.js'
import { defaultBaseUrl, FAKE_DEFAULTS } from './defaults.js'
import type { Env } from './interpolate.js'
import { displayPath, type ConfigPath, type Locator } from './locate.js'
import { COMMON_PROVIDER_KEYS, type RawCapabilities, type RawProvider } from './raw-types.js'
import type { ProviderConfig } from './types.js'

export interface ProvidersResult {
  providers: Map<string, ProviderConfig>
  issues: ConfigIssue[]
  warnings: ConfigIssue[]
}

/** Where the secrets whose variables were unset sat: provider name → key → variables. */
export type MissingSecrets = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>

/** An empty string means "not given" for optional keys (`${VAR:-}`). */
function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function envValue(env: Env, name: string): string | undefined {
  return given(env[name])
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
function checkBaseUrl(url: string, kind: RawProvider['kind']): { ok: true; url: string } | { ok: false; error: string } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, error: 'is not a valid URL' }
  }
  if (kind !== 'fake' && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, error: `must be an http:// or https:// URL, not ${parsed.protocol}//` }
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    return { ok: false, error: 'must not have a query string or fragment (adapters append paths and parameters to it)' }
  }
  return { ok: true, url: url.replace(/\/+$/, '') }
}

function needsWarning(name: string, variable: string): string {
  return `provider '${name}' needs ${variable}, which is not set; requests routed to it will fail with 503`
}

export function resolveProviders(
  raws: Readonly<Record<string, RawProvider>>,
  missingSecrets: MissingSecrets,
  env: Env,
  at: Locator,
): ProvidersResult {
  const providers = new Map<string, ProviderConfig>()
  const issues: ConfigIssue[] = []
  const warnings: ConfigIssue[] = []

  for (const [name, raw] of Object.entries(raws)) {
    const path: ConfigPath = ['providers', name]
    const missing = missingSecrets.get(name) ?? new Map<string, readonly string[]>()
    const missingEnv: string[] = []
    const miss = (variable: string, where: ConfigPath, anchor: 'key' | 'value'): void => {
      if (!missingEnv.includes(variable)) missingEnv.push(variable)
      warnings.push(at.issue(where, needsWarning(name, variable), anchor))
    }
    for (const [key, vars] of missing) for (const v of vars) miss(v, [...path, key], 'value')
    const written = (key: 'api_key' | 'access_key_id' | 'secret_access_key' | 'session_token'): boolean =>
      missing.has(key) || given(raw[key]) !== undefined

    const options: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(raw)) {
      if (COMMON_PROVIDER_KEYS.has(key)) continue
      if (typeof value === 'string' && value === '') continue
      options[key] = value
    }

    let region: string | undefined
    if (raw.kind === 'bedrock') {
      region = given(raw.region) ?? envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION')
      if (region === undefined) {
        issues.push(at.issue(path, `${displayPath(path)} (kind 'bedrock') needs a region: set region, or AWS_REGION or AWS_DEFAULT_REGION in the environment`, 'key'))
      } else {
        options.region = region
      }
      // An api_key means a Bedrock API key sent as a bearer token; otherwise SigV4 credentials,
      // which default to the standard AWS variables as the AWS SDKs do.
      if (!written('api_key')) {
        for (const [key, variable, required] of [
          ['access_key_id', 'AWS_ACCESS_KEY_ID', true],
          ['secret_access_key', 'AWS_SECRET_ACCESS_KEY', true],
          ['session_token', 'AWS_SESSION_TOKEN', false],
        ] as const) {
          if (written(key)) continue
          const value = envValue(env, variable)
          if (value !== undefined) options[key] = value
          else if (required) miss(variable, path, 'key')
        }
      }
    }
    if (raw.kind === 'fake') {
      for (const [key, value] of Object.entries(FAKE_DEFAULTS)) if (options[key] === undefined) options[key] = value
    }
    if (raw.kind === 'azure' && raw.api_version !== undefined && raw.api_version === '') {
      issues.push(at.issue([...path, 'api_version'], `${displayPath([...path, 'api_version'])} is empty`))
    }

    let baseUrl = given(raw.base_url) ?? defaultBaseUrl(raw.kind, region)
    if (baseUrl === undefined) {
      // The schema requires azure's base_url, so here it was written but came out empty.
      if (raw.kind === 'azure') {
        issues.push(at.issue([...path, 'base_url'], `${displayPath([...path, 'base_url'])} is empty; kind 'azure' has no default: write https://{resource}.openai.azure.com/openai`))
      }
      baseUrl = ''
    } else {
      const checked = checkBaseUrl(baseUrl, raw.kind)
      if (checked.ok) baseUrl = checked.url
      else issues.push(at.issue([...path, 'base_url'], `${displayPath([...path, 'base_url'])} ${checked.error}`))
    }

    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(raw.headers ?? {})) if (value !== '') headers[key] = value

    const provider: ProviderConfig = {
      name,
      kind: raw.kind,
      baseUrl,
      missingEnv,
      headers,
      models: (raw.models ?? []).filter((m) => m !== ''),
      options,
    }
    const apiKey = given(raw.api_key)
    if (apiKey !== undefined) provider.apiKey = apiKey
    const capabilities = toCapabilities(raw.capabilities)
    if (capabilities !== undefined) provider.capabilities = capabilities
    providers.set(name, provider)
  }
  return { providers, issues, warnings }
}
