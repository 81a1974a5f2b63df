import type { Context } from 'hono'
import type { Config } from '../config/types.js'
import type { GatewayDeps } from '../deps.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { GatewayEnv } from './env.js'

interface ModelEntry {
  id: string
  object: 'model'
  created: number
  owned_by: string
  /** Switchyard's own description of the entry: an alias and its deployments, or one provider target. */
  switchyard: { type: 'alias' | 'target'; deployments: { target: string; provider: string; model: string; weight: number }[] }
}

/** Aliases first, then every declared provider/model target, each once. */
export function listModels(config: Config, created: number): ModelEntry[] {
  const entries: ModelEntry[] = []
  const targets = new Map<string, { provider: string; model: string }>()
  for (const route of config.routes.values()) {
    entries.push({
      id: route.name,
      object: 'model',
      created,
      owned_by: 'switchyard',
      switchyard: { type: 'alias', deployments: route.deployments.map((d) => ({ target: d.target, provider: d.provider, model: d.model, weight: d.weight })) },
    })
    for (const d of route.deployments) targets.set(d.target, { provider: d.provider, model: d.model })
  }
  for (const provider of config.providers.values()) for (const model of provider.models) targets.set(`${provider.name}/${model}`, { provider: provider.name, model })
  for (const [id, t] of targets) {
    if (config.routes.has(id)) continue
    entries.push({ id, object: 'model', created, owned_by: t.provider, switchyard: { type: 'target', deployments: [{ target: id, ...t, weight: 1 }] } })
  }
  return entries
}

export function modelsHandlers(deps: GatewayDeps, startedAt: number) {
  const created = Math.floor(startedAt / 1000)
  return {
    list: function listModelsEndpoint(c: Context<GatewayEnv>) {
      const key = c.var.key
      const all = listModels(deps.config(), created)
      // A key sees the models it may use.
      return c.json({ object: 'list', data: key === undefined ? all : all.filter((m) => key.allows(m.id)) })
    },
    get: function getModelEndpoint(c: Context<GatewayEnv>) {
      const id = decodeURIComponent(c.req.path.replace(/^(\/v1)?\/models\//, ''))
      const entry = listModels(deps.config(), created).find((m) => m.id === id)
      if (entry === undefined) throw new GatewayError('not_found', `The model '${id}' does not exist on this gateway. GET /v1/models lists the models it serves.`, { param: 'model' })
      return c.json(entry)
    },
  }
}
