/**
 * The Config is shared by every request and replaced whole on reload, so nothing may change
 * it in place: objects and arrays are frozen, and maps refuse set/delete/clear.
 */

function refuse(): never {
  throw new TypeError('the configuration is read-only; reload routes.yaml to change it')
}

/** A Map whose mutating methods throw; its entries should already be frozen. */
export function frozenMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries)
  Object.defineProperties(map, {
    set: { value: refuse },
    delete: { value: refuse },
    clear: { value: refuse },
  })
  return Object.freeze(map)
}

/** Freezes plain objects and arrays all the way down (maps are made with frozenMap). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || value instanceof Map) return value
  for (const child of Object.values(value)) deepFreeze(child)
  return Object.freeze(value)
}
