/**
 * Prefixes that say what a state-store key holds, so the failover store can treat each kind as
 * it must while the shared store is unusable (state/create-state.ts): routing state falls back
 * to this process's memory, always; cached answers miss; everything else (keys' limits and
 * budgets) follows `state.fail_open`.
 */

/** Cooldowns and deployment rpm/tpm windows (routing/deployment-state.ts). */
export const ROUTING_KEY_PREFIX = 'sy:'
