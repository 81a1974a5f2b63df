/**
 * `server.master_key`, `keys:`, `state:` and `cache:` → the access parts of Config. Keys are
 * indexed by their SHA-256 so that checking a presented key is one hash and one map lookup.
 */
import { createHash } from 'node:crypto'
import type { ConfigIssue } from './config-error.js'
import type { Locator } from './locate.js'
import type { RawCache, RawFile, RawKey, RawResponses, RawState } from './schema/routes-file.js'
import type { AuthConfig, CacheConfig, KeyConfig, ResponsesConfig, StateConfig } from './types.js'

const DAY_MS = 86_400_000
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }

/** `30d` → milliseconds (the schema already checked the form). */
export function parsePeriod(text: string): number {
  return Number(text.slice(0, -1)) * (UNIT_MS[text.slice(-1)] ?? DAY_MS)
}

/** The hex SHA-256 of a key as presented by a client or written in the master_key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** `groq/*` → a test; `*` is the only wildcard, everything else is literal. */
export function globMatcher(globs: readonly string[] | undefined): (model: string) => boolean {
  if (globs === undefined) return () => true
  const exact = new Set(globs.filter((g) => !g.includes('*')))
  const patterns = globs
    .filter((g) => g.includes('*'))
    .map((g) => new RegExp(`^${g.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's'))
  return (model) => exact.has(model) || patterns.some((p) => p.test(model))
}

function toKey(raw: RawKey): KeyConfig {
  const key: KeyConfig = {
    name: raw.name,
    allows: globMatcher(raw.models),
    models: raw.models,
    budgetPeriodMs: parsePeriod(raw.budget_period ?? '30d'),
  }
  if (raw.rpm !== undefined) key.rpm = raw.rpm
  if (raw.tpm !== undefined) key.tpm = raw.tpm
  if (raw.max_budget_usd !== undefined) key.maxBudgetUsd = raw.max_budget_usd
  return key
}

export interface AccessResult {
  auth: AuthConfig
  state: StateConfig
  cache: CacheConfig
  responses: ResponsesConfig
  issues: ConfigIssue[]
  warnings: ConfigIssue[]
}

export function resolveAccess(raw: RawFile, at: Locator): AccessResult {
  const issues: ConfigIssue[] = []
  const warnings: ConfigIssue[] = []
  const keys = new Map<string, KeyConfig>()
  const names = new Set<string>()
  ;(raw.keys ?? []).forEach((k, index) => {
    const hash = k.hash.slice('sha256:'.length)
    if (keys.has(hash)) issues.push(at.issue(['keys', index, 'hash'], `keys[${index}].hash is the same as an earlier key's: every key needs its own`))
    if (names.has(k.name)) issues.push(at.issue(['keys', index, 'name'], `keys[${index}].name '${k.name}' is used by an earlier key: names label spend, so they must differ`))
    if (k.name === 'master' || k.name === 'none') issues.push(at.issue(['keys', index, 'name'], `keys[${index}].name '${k.name}' is reserved (it labels the master key / unauthenticated spend)`))
    names.add(k.name)
    keys.set(hash, toKey(k))
  })
  const master = raw.server?.master_key
  const auth: AuthConfig = { keys, protectMetrics: raw.server?.protect_metrics ?? false }
  if (master !== undefined && master !== '') auth.masterKeyHash = hashKey(master)
  if (auth.masterKeyHash !== undefined && master !== undefined && master.length < 16) {
    warnings.push({ file: at.file, message: 'server.master_key is shorter than 16 characters: use a long random key (switchyard key new)' })
  }
  const backend = raw.state?.backend ?? 'memory'
  const state = resolveState(raw.state, backend === 'redis' ? 'redis' : 'memory')
  // Checked again after ${…} expansion (the schema lets `${VAR:-memory}` through).
  if (backend !== 'memory' && backend !== 'redis') {
    issues.push(at.issue(['state', 'backend'], `state.backend must be one of memory, redis (it expanded to '${backend}')`))
  } else if (state.backend === 'redis' && (state.url === undefined || state.url === '')) {
    issues.push(at.issue(['state', 'backend'], 'state.backend redis needs state.url (redis://host:port)'))
  }
  // Checked again after ${…} expansion; the value is not shown (it may hold a password).
  if (state.url !== undefined && !/^rediss?:\/\//.test(state.url)) issues.push(at.issue(['state', 'url'], 'state.url must start with redis:// or rediss://'))
  return { auth, state, cache: resolveCache(raw.cache), responses: resolveResponses(raw.responses), issues, warnings }
}

function resolveState(raw: RawState | undefined, backend: StateConfig['backend']): StateConfig {
  const state: StateConfig = { backend, failOpen: raw?.fail_open ?? true, prefix: raw?.prefix ?? 'switchyard:' }
  if (raw?.url !== undefined) state.url = raw.url
  return state
}

function resolveResponses(raw: RawResponses | undefined): ResponsesConfig {
  return { retentionMs: (raw?.retention_seconds ?? 30 * 24 * 3600) * 1000, maxEntries: raw?.max_entries ?? 1000, maxEntryBytes: raw?.max_entry_bytes ?? 1024 * 1024 }
}

function resolveCache(raw: RawCache | undefined): CacheConfig {
  return { ttlMs: (raw?.ttl_seconds ?? 300) * 1000, maxEntries: raw?.max_entries ?? 1000 }
}
