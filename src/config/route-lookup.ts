/**
 * From the model string a client sent to a route: an alias, or a direct `provider/model`.
 */
import { GatewayError } from '../errors/gateway-error.js'
import { deepFreeze } from './freeze.js'
import { splitTarget } from './resolve-routes.js'
import type { Config, RouteConfig } from './types.js'

/**
 * Whether `provider/model` is a model the operator named (declared under the provider, or a
 * target of some alias). Only those get their own metric label: anything else a client types
 * is counted under `provider/*`, so clients cannot create unbounded label values.
 */
function isKnownModel(config: Config, provider: string, model: string): boolean {
  if (config.providers.get(provider)?.models.includes(model)) return true
  for (const route of config.routes.values()) {
    if (route.deployments.some((d) => d.provider === provider && d.model === model)) return true
  }
  return false
}

/** The implicit one-deployment route for a direct `provider/model` request, with server defaults. */
export function directRoute(config: Config, provider: string, model: string): RouteConfig {
  const target = `${provider}/${model}`
  if (!config.providers.has(provider) || model === '') {
    throw new GatewayError('not_found', `The model '${target}' does not exist.`, { param: 'model' })
  }
  const known = isKnownModel(config, provider, model)
  return deepFreeze({
    name: target,
    label: known ? target : `${provider}/*`,
    alias: false,
    deployments: [{ id: target, target, provider, model, weight: 1, ...(known ? {} : { undeclared: true as const }) }],
    strategy: 'weighted',
    retries: config.server.retries,
    fallbacks: [],
    contextWindowFallbacks: [],
    timeouts: config.server.timeouts,
    dropParams: false,
    toolValidation: config.server.toolValidation,
  })
}

/** An alias first, then `provider/model` for a declared provider; undefined when neither. */
export function resolveRoute(config: Config, requested: string): RouteConfig | undefined {
  const alias = config.routes.get(requested)
  if (alias) return alias
  const parts = splitTarget(requested)
  if (!parts || !config.providers.has(parts.provider)) return undefined
  return directRoute(config, parts.provider, parts.model)
}
