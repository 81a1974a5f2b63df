import type { DeploymentConfig, RouteConfig } from '../config/types.js'
import type { DeploymentStats } from './deployment-stats.js'

/** Share of latency-routed requests that take a weighted random order instead, so a deployment that was slow (or failing) and has recovered gets measured again. */
export const LATENCY_EXPLORATION = 0.1

/**
 * The order in which a route's deployments are tried; the executor skips those cooling down or
 * at their limits, so the first usable one in this order gets the request.
 * - `weighted` draws without replacement, each draw proportional to weight.
 * - `ordered` keeps the file's order (priority).
 * - `least-busy`: fewest requests in flight on this replica first, ties in random order.
 * - `latency`: lowest moving-average latency first, never-measured ones before all (so they get
 *   measured); one request in ten explores with the weighted order.
 */
export function orderDeployments(route: RouteConfig, stats: DeploymentStats, random: () => number = Math.random): DeploymentConfig[] {
  if (route.deployments.length <= 1 || route.strategy === 'ordered') return [...route.deployments]
  switch (route.strategy) {
    case 'weighted':
      return weightedOrder(route.deployments, random)
    case 'least-busy':
      return shuffled(route.deployments, random).sort((a, b) => stats.inFlight(a.id) - stats.inFlight(b.id))
    case 'latency': {
      if (random() < LATENCY_EXPLORATION) return weightedOrder(route.deployments, random)
      const latency = (d: DeploymentConfig) => stats.latencyMs(d.id) ?? -1
      return shuffled(route.deployments, random).sort((a, b) => latency(a) - latency(b))
    }
  }
}

function weightedOrder(from: readonly DeploymentConfig[], random: () => number): DeploymentConfig[] {
  const deployments = [...from]
  const ordered: DeploymentConfig[] = []
  let total = deployments.reduce((sum, d) => sum + d.weight, 0)
  while (deployments.length > 0) {
    let r = random() * total
    let i = 0
    for (; i < deployments.length - 1; i++) {
      r -= deployments[i]!.weight
      if (r < 0) break
    }
    const [chosen] = deployments.splice(i, 1)
    ordered.push(chosen!)
    total -= chosen!.weight
  }
  return ordered
}

/** Fisher–Yates; the sorts above are stable, so equal keys keep this random order. */
function shuffled(from: readonly DeploymentConfig[], random: () => number): DeploymentConfig[] {
  const out = [...from]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
