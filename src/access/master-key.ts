import type { KeyConfig } from '../config/types.js'

/** The identity of a request made with the master key: every model, no limits, no budget. */
export const MASTER_KEY: KeyConfig = Object.freeze({ name: 'master', allows: () => true, models: undefined, budgetPeriodMs: 0 })

/** The `key` metric label: the key's name, or `none` when the gateway is open. */
export function keyLabel(key: KeyConfig | undefined): string {
  return key === undefined ? 'none' : key.name
}
