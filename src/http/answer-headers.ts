import type { Executed } from '../routing/execute.js'

/** Headers every routed answer carries: which deployment served it and after how many attempts. */
export function answerHeaders(executed: Executed<unknown>): Record<string, string> {
  return {
    'x-switchyard-deployment': executed.target.deployment.id,
    'x-switchyard-provider': executed.target.provider.name,
    'x-switchyard-attempts': String(executed.attempts),
  }
}
