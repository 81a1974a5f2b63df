import { createHash } from 'node:crypto'
import type { DeploymentConfig } from '../config/types.js'
import { ROUTING_KEY_PREFIX } from '../state/key-spaces.js'
import { createMemoryStore } from '../state/memory-store.js'
import type { StateStore } from '../state/store.js'

/** What a deployment keeps in a store: its circuit (cooldowns) and its rpm/tpm windows. */
export type DeploymentStateKind = 'circuit' | 'probe' | 'early-probe' | 'attempts' | 'failures' | 'rpm' | 'tpm'

/** Where one deployment's routing state lives, and its keys there. */
export interface DeploymentState {
  store: StateStore
  key(kind: DeploymentStateKind): string
}

export type DeploymentStates = (deployment: DeploymentConfig) => DeploymentState

/**
 * Keys of state kept for deployments a client named (`provider/<anything>`, undeclared): at
 * most this many, whatever the backend. A few per name in use; the least recently used go.
 */
export const UNDECLARED_MAX_KEYS = 4096

/**
 * Deployments the config declares keep their state in the configured store (shared by
 * replicas with Redis). Those a client named keep it in a small bounded memory store of this
 * process: a client choosing new names can neither grow the heap nor fill Redis, nor evict a
 * declared deployment's (or a key's) state from either. The cost: a cooldown of an undeclared
 * model is per replica.
 */
export function deploymentStates(configured: StateStore, undeclared: StateStore = createMemoryStore(Date.now, { maxKeys: UNDECLARED_MAX_KEYS })): DeploymentStates {
  return (d) => {
    const id = boundedId(d.id)
    return { store: d.undeclared === true ? undeclared : configured, key: (kind) => `${ROUTING_KEY_PREFIX}${kind}:${id}` }
  }
}

/** Ids longer than this are kept by their hash: only a client-chosen name gets this long. */
const MAX_KEY_ID_LENGTH = 200

/** An id as a map or store key: itself, or (when long) a fixed-length digest of it. */
export function boundedId(id: string): string {
  if (id.length <= MAX_KEY_ID_LENGTH) return id
  return `~sha256:${createHash('sha256').update(id).digest('base64url')}`
}
