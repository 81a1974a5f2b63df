import type { DeploymentConfig } from '../config/types.js'
import type { DeploymentStates } from './deployment-state.js'

/** rpm and tpm are per minute: a sliding 60 s window in the StateStore (shared across replicas). */
const MINUTE_MS = 60_000

export type LimitCheck = { ok: true } | { ok: false; retryAfterMs: number; limit: 'rpm' | 'tpm' }

/**
 * A deployment's own request and token budgets. Requests are counted when an attempt is
 * admitted (the upstream counts failed requests too); tokens only once the answer reports
 * them, so a deployment whose window is already full is skipped and one just under its limit
 * may overshoot by one answer, as the providers' own limiters do.
 */
export interface DeploymentLimits {
  acquire(deployment: DeploymentConfig): Promise<LimitCheck>
  addTokens(deployment: DeploymentConfig, tokens: number): Promise<void>
}

export function createDeploymentLimits(states: DeploymentStates): DeploymentLimits {
  return {
    async acquire(d) {
      if (d.tpm === undefined && d.rpm === undefined) return { ok: true }
      const { store, key } = states(d)
      // Tokens first: a request refused for tokens must not spend a request slot.
      if (d.tpm !== undefined && (await store.total(key('tpm'), MINUTE_MS)) >= d.tpm) {
        // The store does not say when enough tokens expire without recording a request; the
        // whole window is the honest upper bound.
        return { ok: false, retryAfterMs: MINUTE_MS, limit: 'tpm' }
      }
      if (d.rpm !== undefined) {
        const r = await store.tryConsume(key('rpm'), 1, d.rpm, MINUTE_MS)
        if (!r.allowed) return { ok: false, retryAfterMs: r.retryAfterMs, limit: 'rpm' }
      }
      return { ok: true }
    },
    async addTokens(d, tokens) {
      if (d.tpm === undefined || tokens <= 0) return
      const { store, key } = states(d)
      await store.add(key('tpm'), tokens, MINUTE_MS)
    },
  }
}
