import type { Config, DeploymentConfig } from '../config/types.js'
import type { AdapterRegistry } from '../providers/registry.js'
import type { Capabilities } from '../providers/types.js'

/**
 * What one deployment can do: the adapter's defaults for its kind and model, then the
 * provider's `capabilities:` from routes.yaml, then the deployment's own (the most specific
 * wins). Undefined when the deployment's provider or kind is unknown (the executor reports that).
 */
export function deploymentCapabilities(config: Config, adapters: AdapterRegistry, deployment: DeploymentConfig): Capabilities | undefined {
  const provider = config.providers.get(deployment.provider)
  const adapter = provider === undefined ? undefined : adapters(provider.kind)
  if (provider === undefined || adapter === undefined) return undefined
  const defaults = adapter.capabilities(deployment.model)
  if (provider.capabilities === undefined && deployment.capabilities === undefined) return defaults
  return { ...defaults, ...provider.capabilities, ...deployment.capabilities }
}

/** The routes.yaml spelling of a Capabilities value, as GET /v1/models shows it: null is unknown. */
export function capabilitiesJson(c: Capabilities): Record<string, boolean | number | null> {
  return {
    streaming: c.streaming ?? null,
    tools: c.tools ?? null,
    vision: c.vision ?? null,
    json_schema: c.jsonSchema ?? null,
    embeddings: c.embeddings ?? null,
    context_window: c.contextWindow ?? null,
    max_output_tokens: c.maxOutputTokens ?? null,
  }
}
