import type { Metrics } from '../metrics/metrics.js'
import type { StateStore } from '../state/store.js'
import { createCooldowns, type Cooldowns } from './cooldowns.js'
import { createDeploymentLimits, type DeploymentLimits } from './deployment-limits.js'
import { deploymentStates } from './deployment-state.js'
import { createDeploymentStats, type DeploymentStats } from './deployment-stats.js'

/** The routing state a gateway keeps: shared (cooldowns, limits: in the StateStore) and local (stats). */
export interface RoutingRuntime {
  stats: DeploymentStats
  cooldowns: Cooldowns
  limits: DeploymentLimits
}

/**
 * `state` is the configured store; while it is unusable, routing state must fall back to this
 * process's memory whatever `state.fail_open` says (create-state.ts does so for its keys).
 * `now` is the cooldowns' clock; tests pass one (with a memory store on the same clock) instead of sleeping.
 */
export function createRoutingRuntime(state: StateStore, metrics: Metrics, now: () => number = Date.now): RoutingRuntime {
  const stats = createDeploymentStats()
  const states = deploymentStates(state)
  return { stats, cooldowns: createCooldowns(states, metrics, stats, now), limits: createDeploymentLimits(states) }
}
