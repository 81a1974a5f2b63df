import { boundClientString } from '../canonical/client-string.js'
import type { Executed } from '../routing/execute.js'
import { lifecycleHeaders } from './deprecation.js'

/**
 * Headers every routed answer carries: which deployment served it, after how many upstream
 * attempts, and the fallback alias that served it (absent when the requested route did). A
 * deployment marked deprecated in routes.yaml adds its Deprecation/Sunset/Link headers (an
 * alias's own were set when the route was resolved; the deployment's are more specific).
 */
export function answerHeaders(executed: Executed<unknown>, now: number): Record<string, string> {
  const headers: Record<string, string> = {
    // A direct `provider/model` names a deployment the client chose: bounded and encoded.
    'x-switchyard-deployment': boundClientString(executed.target.deployment.id),
    'x-switchyard-provider': executed.target.provider.name,
    'x-switchyard-attempts': String(executed.attempts),
  }
  if (executed.fallback !== undefined) headers['x-switchyard-fallback'] = boundClientString(executed.fallback)
  const deprecated = executed.target.deployment.deprecated
  return deprecated === undefined ? headers : { ...headers, ...lifecycleHeaders(deprecated, now) }
}
