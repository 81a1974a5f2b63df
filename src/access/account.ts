import type { Usage } from '../canonical/chat.js'
import type { DeploymentConfig, KeyConfig, Price, ProviderConfig } from '../config/types.js'
import { computeCostUsd } from '../cost/compute-cost.js'
import type { GatewayDeps } from '../deps.js'
import { defaultPrices } from '../providers/registry.js'
import type { RouteLabels } from '../routing/labels.js'
import { keyStateKeys } from './admit.js'
import { keyLabel } from './master-key.js'

const MINUTE_MS = 60_000

/** The deployment's `price:` from routes.yaml, else the shipped table's, else undefined (unknown model). */
export function priceFor(deployment: DeploymentConfig, provider: ProviderConfig): Price | undefined {
  return deployment.price ?? defaultPrices(provider.kind)(deployment.model)
}

export interface Accounted {
  /** USD, or undefined when the model has no known price. */
  costUsd: number | undefined
}

/**
 * After an answer: its cost into switchyard_spend_usd_total, and, for a key with a tpm limit
 * or a budget, its tokens and spend into the state store. The store writes are not awaited
 * (the client already has its answer); a failure is logged, never thrown.
 */
export function account(
  deps: GatewayDeps,
  o: { labels: RouteLabels; key: KeyConfig | undefined; deployment: DeploymentConfig; provider: ProviderConfig; usage: Usage; requestId: string },
): Accounted {
  if (o.usage.implausible !== undefined) {
    // Dropped where it was read (canonical/token-count.ts); said here, where the request is known.
    deps.logger.warn({ requestId: o.requestId, provider: o.provider.name, implausible: o.usage.implausible }, 'the upstream reported token counts that are not plausible; they were not counted')
  }
  const price = priceFor(o.deployment, o.provider)
  const costUsd = price === undefined ? undefined : computeCostUsd(price, o.usage)
  if (costUsd !== undefined) deps.metrics.spend.inc({ ...o.labels, key: keyLabel(o.key) }, costUsd)
  const key = o.key
  if (key !== undefined) {
    const keys = keyStateKeys(key.name)
    const failed = (err: unknown) => deps.logger.warn({ requestId: o.requestId, key: key.name, reason: err instanceof Error ? err.message : String(err) }, 'could not record usage for the key')
    const tokens = o.usage.promptTokens + o.usage.completionTokens
    if (key.tpm !== undefined && tokens > 0) deps.state.add(keys.tpm, tokens, MINUTE_MS).catch(failed)
    if (key.maxBudgetUsd !== undefined && costUsd !== undefined && costUsd > 0) deps.state.incrementFloat(keys.spend, costUsd, key.budgetPeriodMs).catch(failed)
  }
  return { costUsd }
}

/** The `x-switchyard-cost-usd` header value: fixed-point, no exponent (1e-7 would confuse parsers). */
export function costHeader(costUsd: number | undefined): Record<string, string> {
  return costUsd === undefined ? {} : { 'x-switchyard-cost-usd': costUsd.toFixed(8) }
}
