import type { DeploymentConfig, RouteConfig } from '../config/types.js'

/** Metric labels for one deployment of a route; every value comes from the config. */
export interface RouteLabels {
  route: string
  provider: string
  model: string
}

export function labelsFor(route: RouteConfig, deployment: DeploymentConfig | undefined): RouteLabels {
  if (deployment === undefined) return { route: route.label, provider: 'none', model: 'none' }
  // A direct `provider/<undeclared model>` route is labelled `provider/*`; its model label is
  // bounded the same way so a client cannot mint new series.
  const model = route.label.endsWith('/*') ? 'other' : deployment.model
  return { route: route.label, provider: deployment.provider, model }
}

/** Labels of a deployment's own metrics (state, cooldowns); bounded for models the client named. */
export function deploymentLabels(d: DeploymentConfig): { deployment: string; provider: string; model: string } {
  if (d.undeclared === true) return { deployment: `${d.provider}/*`, provider: d.provider, model: 'other' }
  return { deployment: d.id, provider: d.provider, model: d.model }
}

export const UNROUTED: RouteLabels = { route: 'unknown', provider: 'none', model: 'none' }
