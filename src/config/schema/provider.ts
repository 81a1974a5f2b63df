/**
 * `providers:` in routes.yaml: the keys every kind takes, assembled with each kind's own keys
 * (from its module in src/providers/<kind>/). One flat mapping per provider, closed, with one
 * `if kind = X then only these keys` branch per kind: an unknown key and a key of another kind
 * get different messages ("kind 'openai' takes …"), and editors offer every key.
 */
import Type, { type TObject, type TSchema } from 'typebox'
import type { RawProvider } from '../../providers/registry.js'
import { mapOf } from '../../schema/builders.js'
import { API_KEY, CommonProviderSchema } from './provider-common.js'

/** The part of a provider module the schema needs. */
export interface KindSchema {
  kind: string
  summary: string
  /** `https://api.openai.com/v1`, or undefined when the kind has no default (then `requiredBaseUrl`). */
  defaultBaseUrl?: string
  requiredBaseUrl?: string
  apiKeyNote?: string
  options: TObject
}

function sentence(items: readonly string[], last: string): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`
}

function baseUrlDescription(kinds: readonly KindSchema[]): string {
  const defaults = kinds.flatMap((k) => (k.defaultBaseUrl === undefined ? [] : [`${k.kind} ${k.defaultBaseUrl}`]))
  const required = kinds.flatMap((k) => (k.requiredBaseUrl === undefined ? [] : [`Required for ${k.kind}: ${k.requiredBaseUrl}.`]))
  return [`Base URL without a trailing slash. Defaults: ${defaults.join(', ')}.`, ...required].join(' ')
}

function apiKeyDescription(kinds: readonly KindSchema[]): string {
  return [API_KEY, ...kinds.flatMap((k) => (k.apiKeyNote === undefined ? [] : [`For ${k.kind}, ${k.apiKeyNote}.`]))].join(' ')
}

/** TypeBox leaves `required` out when nothing is (whatever its type says). */
function requiredKeys(schema: TObject): readonly string[] {
  const required: unknown = schema.required
  return Array.isArray(required) ? required.filter((key) => typeof key === 'string') : []
}

function describeOption(kind: string, schema: TSchema, required: boolean): TSchema {
  const description = 'description' in schema && typeof schema.description === 'string' ? schema.description : ''
  return { ...schema, description: `${kind} only${required ? ' (required)' : ''}: ${description}` }
}

/** Every kind's own keys, each described as that kind's; two kinds may not declare one key. */
function optionProperties(kinds: readonly KindSchema[]): Record<string, TSchema> {
  const out: Record<string, TSchema> = {}
  for (const k of kinds) {
    const required = new Set(requiredKeys(k.options))
    for (const [key, schema] of Object.entries(k.options.properties)) {
      if (key in out || key in CommonProviderSchema.properties || key === 'kind') {
        throw new Error(`provider kind '${k.kind}' declares the key '${key}', which another kind or every kind already has`)
      }
      out[key] = describeOption(k.kind, schema, required.has(key))
    }
  }
  return out
}

function kindBranch(k: KindSchema): TSchema {
  const common = ['kind', ...Object.keys(CommonProviderSchema.properties)]
  const required = [...(k.requiredBaseUrl === undefined ? [] : ['base_url']), ...requiredKeys(k.options)]
  return {
    if: { properties: { kind: { const: k.kind } }, required: ['kind'] },
    then: { ...(required.length > 0 ? { required } : {}), propertyNames: { enum: [...common, ...Object.keys(k.options.properties)] } },
  }
}

export function providerSchema(kinds: readonly KindSchema[]) {
  const common = CommonProviderSchema.properties
  return Type.Unsafe<RawProvider>({
    description: 'One upstream provider. `kind` picks the wire format; the other keys depend on it.',
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    properties: {
      kind: Type.Enum(
        kinds.map((k) => k.kind),
        { description: `Wire format of the upstream: ${sentence(kinds.map((k) => k.summary), 'or')}.` },
      ),
      base_url: { ...common.base_url, description: baseUrlDescription(kinds) },
      api_key: { ...common.api_key, description: apiKeyDescription(kinds) },
      headers: common.headers,
      models: common.models,
      capabilities: common.capabilities,
      max_connections: common.max_connections,
      ...optionProperties(kinds),
    },
    allOf: kinds.map(kindBranch),
  })
}

export function providersSchema(kinds: readonly KindSchema[]) {
  return mapOf(providerSchema(kinds), {
    description:
      'Upstream providers by a name you choose. A client reaches a provider\'s model directly as `<name>/<model>`; aliases under `models` name their targets the same way.',
    minProperties: 1,
    names: Type.String({
      description:
        'A provider name: letters, digits, `_`, `.` and `-`, starting with a letter or digit. No slash: the first slash of a target separates the provider from the model.',
      pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
    }),
  })
}
