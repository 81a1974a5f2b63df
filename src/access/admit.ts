import type { KeyConfig } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { StateStore } from '../state/store.js'

const MINUTE_MS = 60_000

/** Where a key's counters live in the state store (shared by replicas with redis). */
export const keyStateKeys = (name: string) => ({ rpm: `key:${name}:rpm`, tpm: `key:${name}:tpm`, spend: `key:${name}:spend` })

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/**
 * Whether this key may send this request now: the model allow-list (403), the budget
 * (budget_exceeded), tokens per minute and requests per minute (429 with Retry-After).
 * Checks that take no state come first, and rpm last because it is the one that records:
 * a request refused for another reason does not use up a request of the minute.
 * Returns undefined (no promise, nothing to await) when the key has no limits.
 */
export function admit(state: StateStore, key: KeyConfig | undefined, model: string): Promise<void> | undefined {
  if (key === undefined) return undefined
  if (!key.allows(model)) {
    throw new GatewayError('forbidden', `The key '${key.name}' may not use the model '${model}'. It may use: ${(key.models ?? []).join(', ')}.`, {
      param: 'model',
      code: 'model_not_allowed',
    })
  }
  if (key.rpm === undefined && key.tpm === undefined && key.maxBudgetUsd === undefined) return undefined
  return checkLimits(state, key)
}

async function checkLimits(state: StateStore, key: KeyConfig): Promise<void> {
  const keys = keyStateKeys(key.name)
  const [tokens, spent] = await Promise.all([
    // A zero-sized consume under tpm - 1 is allowed exactly while the window holds fewer than
    // tpm tokens, and when refused it says how long until it does.
    key.tpm === undefined ? undefined : state.tryConsume(keys.tpm, 0, key.tpm - 1, MINUTE_MS),
    key.maxBudgetUsd === undefined ? undefined : state.incrementFloat(keys.spend, 0, key.budgetPeriodMs),
  ])
  if (key.maxBudgetUsd !== undefined && spent !== undefined && spent >= key.maxBudgetUsd) {
    throw new GatewayError(
      'budget_exceeded',
      `The key '${key.name}' has used its budget of $${key.maxBudgetUsd} for this period ($${spent.toFixed(4)} spent). It resets when the budget period ends; ask the gateway's operator to raise max_budget_usd.`,
    )
  }
  if (tokens !== undefined && !tokens.allowed) {
    throw new GatewayError('rate_limited', `The key '${key.name}' used its ${key.tpm} tokens per minute. Retry after ${seconds(tokens.retryAfterMs)} s.`, {
      code: 'tokens_per_minute_exceeded',
      retryAfterSeconds: seconds(tokens.retryAfterMs),
      blame: 'policy',
    })
  }
  if (key.rpm !== undefined) {
    const requests = await state.tryConsume(keys.rpm, 1, key.rpm, MINUTE_MS)
    if (!requests.allowed) {
      throw new GatewayError('rate_limited', `The key '${key.name}' is over its limit of ${key.rpm} requests per minute. Retry after ${seconds(requests.retryAfterMs)} s.`, {
        code: 'requests_per_minute_exceeded',
        retryAfterSeconds: seconds(requests.retryAfterMs),
        blame: 'policy',
      })
    }
  }
}
