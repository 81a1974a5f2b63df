import { GatewayError } from '../errors/gateway-error.js'
import type { CallContext } from './types.js'

/**
 * Called by an adapter for a parameter its provider cannot honour: refused with a 400 that
 * names the parameter and the provider, or dropped (and recorded) when the route allows it.
 */
export function unsupportedParam(ctx: CallContext, param: string, why?: string): void {
  if (ctx.dropParams) {
    ctx.dropped.push(param)
    return
  }
  const reason = why === undefined ? '' : ` (${why})`
  throw new GatewayError(
    'invalid_request',
    `Parameter '${param}' is not supported by provider '${ctx.provider.name}' (kind ${ctx.provider.kind})${reason}. Remove it, or set drop_params: true on the route to drop it.`,
    { param, code: 'unsupported_parameter' },
  )
}
