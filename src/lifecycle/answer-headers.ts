import { boundClientString } from '../canonical/client-string.js'
import type { Executed } from '../routing/execute.js'

/**
 * Headers every routed answer carries: which deployment served it, after how many upstream
 * attempts, and the fallback alias that served it (absent when the requested route did).
 */
export function answerHeaders(executed: Executed<unknown>): Record<string, string> {
  const headers: Record<string, string> = {
    // A direct `provider/model` names a deployment the client chose: bounded and encoded.
    'x-switchyard-deployment': boundClientString(executed.target.deployment.id),
    'x-switchyard-provider': executed.target.provider.name,
    'x-switchyard-attempts': String(executed.attempts),
  }
  if (executed.fallback !== undefined) headers['x-switchyard-fallback'] = boundClientString(executed.fallback)
  return headers
}
