import type { Config, DeploymentConfig, ToolValidation } from '../../config/types.js'
import type { AdapterRegistry } from '../../providers/registry.js'
import type { Capabilities } from '../../providers/types.js'
import { capabilitiesJson, deploymentCapabilities } from '../../routing/deployment-capabilities.js'
import { validationJson, type ValidationJson } from './validation-entry.js'

export interface ModelEntry {
  id: string
  object: 'model'
  created: number
  owned_by: string
  /** Switchyard's own description of the entry: an alias and its deployments, or one provider target. */
  switchyard: {
    type: 'alias' | 'target'
    /** What a request to this id can use: true when at least one deployment has it (routing picks those), false when none has, null when unknown (the upstream decides). */
    capabilities: CapabilitiesJson | null
    deployments: { target: string; provider: string; model: string; weight: number; capabilities: CapabilitiesJson | null }[]
    /** How far its tool calls and structured outputs can be trusted (validation-entry.ts). */
    validation: ValidationJson
  }
}

type CapabilitiesJson = ReturnType<typeof capabilitiesJson>

/** The union over deployments: any one with a flag serves requests needing it; the largest limits. */
function unionOf(all: readonly (Capabilities | undefined)[]): Capabilities | undefined {
  const known = all.filter((c): c is Capabilities => c !== undefined)
  if (known.length === 0) return undefined
  // Unknown for one deployment is unknown for the union.
  const max = (pick: (c: Capabilities) => number | undefined): number | undefined => {
    let most = 0
    for (const c of known) {
      const value = pick(c)
      if (value === undefined) return undefined
      most = Math.max(most, value)
    }
    return most
  }
  // A flag is yes when one deployment has it, no when every one lacks it, else unknown.
  const any = (pick: (c: Capabilities) => boolean | undefined): boolean | undefined => {
    const values = known.map(pick)
    if (values.includes(true)) return true
    return values.every((v) => v === false) ? false : undefined
  }
  const union: Capabilities = {
    streaming: any((c) => c.streaming),
    tools: any((c) => c.tools),
    vision: any((c) => c.vision),
    jsonSchema: any((c) => c.jsonSchema),
    embeddings: any((c) => c.embeddings),
  }
  const contextWindow = max((c) => c.contextWindow)
  const maxOutputTokens = max((c) => c.maxOutputTokens)
  if (contextWindow !== undefined) union.contextWindow = contextWindow
  if (maxOutputTokens !== undefined) union.maxOutputTokens = maxOutputTokens
  return union
}

function describe(config: Config, adapters: AdapterRegistry, type: 'alias' | 'target', deployments: readonly DeploymentConfig[], policy: ToolValidation): ModelEntry['switchyard'] {
  const caps = deployments.map((d) => deploymentCapabilities(config, adapters, d))
  const union = unionOf(caps)
  return {
    type,
    capabilities: union === undefined ? null : capabilitiesJson(union),
    deployments: deployments.map((d, i) => {
      const c = caps[i]
      return { target: d.target, provider: d.provider, model: d.model, weight: d.weight, capabilities: c === undefined ? null : capabilitiesJson(c) }
    }),
    validation: validationJson(policy, caps),
  }
}

/** Aliases first, then every declared provider/model target, each once. */
export function listModels(config: Config, adapters: AdapterRegistry, created: number): ModelEntry[] {
  const entries: ModelEntry[] = []
  const targets = new Map<string, DeploymentConfig>()
  for (const route of config.routes.values()) {
    entries.push({
      id: route.name,
      object: 'model',
      created,
      owned_by: 'switchyard',
      switchyard: describe(config, adapters, 'alias', route.deployments, route.toolValidation),
    })
    // A direct `provider/model` request carries no per-deployment overrides, only the provider's.
    for (const d of route.deployments) targets.set(d.target, { id: d.target, target: d.target, provider: d.provider, model: d.model, weight: 1 })
  }
  for (const provider of config.providers.values()) {
    for (const model of provider.models) {
      const id = `${provider.name}/${model}`
      targets.set(id, { id, target: id, provider: provider.name, model, weight: 1 })
    }
  }
  for (const [id, d] of targets) {
    if (config.routes.has(id)) continue
    entries.push({ id, object: 'model', created, owned_by: d.provider, switchyard: describe(config, adapters, 'target', [d], config.server.toolValidation) })
  }
  return entries
}
