import type { DeploymentConfig, RouteConfig } from '../config/types.js'

/**
 * The order in which a route's deployments are tried. `weighted` draws without replacement,
 * each draw proportional to weight, so the first pick follows the weights and the rest are
 * the fallback order. `ordered` keeps the file's order. The routing issue adds least-busy
 * and latency; until then they fall back to weighted.
 */
export function orderDeployments(route: RouteConfig, random: () => number = Math.random): DeploymentConfig[] {
  const deployments = [...route.deployments]
  if (route.strategy === 'ordered' || deployments.length <= 1) return deployments
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
