import type { CooldownPolicy, DeploymentConfig } from '../config/types.js'
import type { GatewayError } from '../errors/gateway-error.js'
import { DEPLOYMENT_STATE, type Metrics } from '../metrics/metrics.js'
import type { DeploymentStates } from './deployment-state.js'
import type { DeploymentStats } from './deployment-stats.js'
import { deploymentLabels } from './labels.js'

/**
 * Circuit breaking per deployment, kept in the StateStore so that every replica sharing it
 * takes a failing deployment out together. One value per deployment says it tripped and until
 * when: before then it is cooling down (skipped); after, until the value expires, it is
 * half-open: one probe request at a time goes through, and a success closes it again.
 */
export interface Cooldowns {
  /** Whether the deployment may take an attempt now (and whether that attempt is the half-open probe). */
  admit(deployment: DeploymentConfig, policy: CooldownPolicy): Promise<Admission>
  /** Counts an attempt (the denominator of the failure ratio). */
  attempted(deployment: DeploymentConfig, policy: CooldownPolicy): Promise<void>
  /** A failure that is the deployment's fault; trips the breaker when the window says so. */
  failed(deployment: DeploymentConfig, policy: CooldownPolicy, error: GatewayError, probe: boolean): Promise<void>
  /** An answer: a probe's success closes the circuit. */
  succeeded(deployment: DeploymentConfig, probe: boolean): Promise<void>
  /**
   * The cooldown's one probe, taken before the cooldown ends: for a route whose every
   * deployment is cooling down after failures, which would otherwise refuse every request until
   * then. At most one per cooldown duration (its own token, which a new cooldown does not reset,
   * so a failing upstream still gets one request per period); never for a rate limit.
   */
  earlyProbe(deployment: DeploymentConfig, policy: CooldownPolicy): Promise<boolean>
}

/** Not admitted: cooling down after failures, or after the upstream's 429 (its Retry-After). */
export type Admission = { ok: true; probe: boolean } | { ok: false; retryAfterMs: number; why: 'cooling' | 'rate_limited' }

/** The circuit's value: until when it is open, and whether a rate limit opened it. */
function circuitValue(until: number, rateLimited: boolean): string {
  return rateLimited ? `${until} 429` : String(until)
}

function readCircuit(value: string): { until: number; rateLimited: boolean } {
  const [until = '', tag] = value.split(' ')
  return { until: Number(until), rateLimited: tag === '429' }
}

/** Whether a failure says something about the deployment (not about the request). */
export function countsAgainstDeployment(error: GatewayError): boolean {
  // An invalid tool call came from a deployment that answered: the model's fault, not its health.
  return error.retryable && error.kind !== 'payload_too_large' && error.kind !== 'invalid_tool_call'
}

export function createCooldowns(states: DeploymentStates, metrics: Metrics, stats: DeploymentStats, now: () => number = Date.now): Cooldowns {
  const exportState = (d: DeploymentConfig, state: number) => {
    if (stats.exportedState(d) === state) return
    stats.setExportedState(d, state)
    metrics.deploymentState.set(deploymentLabels(d), state)
  }

  const trip = async (d: DeploymentConfig, policy: CooldownPolicy, error: GatewayError) => {
    const { store, key } = states(d)
    const retryAfterMs = (error.detail.retryAfterSeconds ?? 0) * 1000
    const durationMs = Math.max(policy.durationMs, retryAfterMs)
    // The 429 case: wait what the upstream asked, no more, before probing.
    const rateLimited = error.kind === 'rate_limited'
    const coolMs = rateLimited && retryAfterMs > 0 ? retryAfterMs : durationMs
    // Kept past the cooldown for a window: the half-open phase.
    await store.set(key('circuit'), circuitValue(now() + coolMs, rateLimited), coolMs + policy.windowMs)
    await store.delete(key('failures'))
    await store.delete(key('attempts'))
    // A new cooldown gets its own probe when it ends, whenever the last one was.
    await store.delete(key('probe'))
    metrics.cooldowns.inc(deploymentLabels(d))
    exportState(d, DEPLOYMENT_STATE.coolingDown)
  }

  return {
    async admit(d, policy) {
      const { store, key } = states(d)
      const tripped = await store.get(key('circuit'))
      if (tripped === undefined) {
        exportState(d, DEPLOYMENT_STATE.healthy)
        return { ok: true, probe: false }
      }
      const { until, rateLimited } = readCircuit(tripped)
      const t = now()
      if (t < until) {
        exportState(d, DEPLOYMENT_STATE.coolingDown)
        return { ok: false, retryAfterMs: until - t, why: rateLimited ? 'rate_limited' : 'cooling' }
      }
      exportState(d, DEPLOYMENT_STATE.halfOpen)
      // One probe per cooldown period; if it hangs, the next one goes after that period.
      const probe = await store.tryConsume(key('probe'), 1, 1, policy.durationMs)
      return probe.allowed ? { ok: true, probe: true } : { ok: false, retryAfterMs: probe.retryAfterMs, why: rateLimited ? 'rate_limited' : 'cooling' }
    },
    async attempted(d, policy) {
      const { store, key } = states(d)
      await store.add(key('attempts'), 1, policy.windowMs)
    },
    async failed(d, policy, error, probe) {
      if (probe || error.kind === 'rate_limited') return trip(d, policy, error)
      const { store, key } = states(d)
      await store.add(key('failures'), 1, policy.windowMs)
      const failures = await store.total(key('failures'), policy.windowMs)
      if (failures < policy.minFailures) return
      const attempts = await store.total(key('attempts'), policy.windowMs)
      if (failures >= policy.failureRatio * Math.max(attempts, failures)) await trip(d, policy, error)
    },
    async earlyProbe(d, policy) {
      const { store, key } = states(d)
      const tripped = await store.get(key('circuit'))
      if (tripped === undefined || readCircuit(tripped).rateLimited) return false
      return (await store.tryConsume(key('early-probe'), 1, 1, policy.durationMs)).allowed
    },
    async succeeded(d, probe) {
      if (!probe) return
      const { store, key } = states(d)
      await store.delete(key('circuit'))
      await store.delete(key('probe'))
      exportState(d, DEPLOYMENT_STATE.healthy)
    },
  }
}
