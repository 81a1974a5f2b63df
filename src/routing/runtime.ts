import type { Metrics } from '../metrics/metrics.js'
import type { StateStore } from '../state/store.js'
import { createCooldowns, type Cooldowns } from './cooldowns.js'
import { createDeploymentLimits, type DeploymentLimits } from './deployment-limits.js'
import { createDeploymentStats, type DeploymentStats } from './deployment-stats.js'

/** The routing state a gateway keeps: shared (cooldowns, limits: in the StateStore) and local (stats). */
export interface RoutingRuntime {
  stats: DeploymentStats
  cooldowns: Cooldowns
  limits: DeploymentLimits
}

/** `now` is the cooldowns' clock; tests pass one (with a memory store on the same clock) instead of sleeping. */
export function createRoutingRuntime(state: StateStore, metrics: Metrics, now: () => number = Date.now): RoutingRuntime {
  const stats = createDeploymentStats()
  return { stats, cooldowns: createCooldowns(state, metrics, stats, now), limits: createDeploymentLimits(state) }
}
