/** The access part of `switchyard check`: keys (names and limits, never hashes) and the state backend. */
import type { Config } from './types.js'

export function describeAccess(config: Config): string[] {
  const { auth, state } = config
  const lines: string[] = []
  if (auth.masterKeyHash !== undefined || auth.keys.size > 0) {
    lines.push('', `Keys: master key ${auth.masterKeyHash === undefined ? 'not set' : 'set'}; ${auth.keys.size} virtual; /metrics and /health ${auth.protectMetrics ? 'need a key' : 'open'}`)
    for (const key of auth.keys.values()) {
      const limits = [
        `models ${key.models === undefined ? 'all' : key.models.join(', ')}`,
        key.rpm === undefined ? undefined : `rpm ${key.rpm}`,
        key.tpm === undefined ? undefined : `tpm ${key.tpm}`,
        key.maxBudgetUsd === undefined ? undefined : `budget $${key.maxBudgetUsd} per ${key.budgetPeriodMs / 86_400_000} days`,
      ].filter((part) => part !== undefined)
      lines.push(`  ${key.name}: ${limits.join('; ')}`)
    }
  }
  if (state.backend === 'redis') lines.push('', `State: redis (shared by replicas); ${state.failOpen ? 'fail open: counts locally while Redis is down' : 'fail closed: refuses keyed requests while Redis is down'}`)
  return lines
}
