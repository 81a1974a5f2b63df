import type { Config, RouteConfig } from '../config/types.js'
import { resolveRoute } from '../config/load.js'
import { checkModelName } from '../canonical/model-name.js'
import { GatewayError } from '../errors/gateway-error.js'

/** The route for the model a client named, or a 404 that says what it could have named. */
export function routeOrNotFound(config: Config, model: string): RouteConfig {
  checkModelName(model)
  const route = resolveRoute(config, model)
  if (route !== undefined) return route
  const aliases = [...config.routes.keys()]
  const providers = [...config.providers.keys()]
  const hint = [
    aliases.length > 0 ? `an alias (${aliases.slice(0, 10).join(', ')}${aliases.length > 10 ? ', …' : ''})` : undefined,
    providers.length > 0 ? `provider/model with a configured provider (${providers.slice(0, 10).join(', ')})` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(' or ')
  return notFound(model, hint)
}

function notFound(model: string, hint: string): never {
  throw new GatewayError('not_found', `The model '${model}' does not exist on this gateway. Use ${hint === '' ? 'a model from GET /v1/models' : hint}.`, {
    param: 'model',
  })
}
