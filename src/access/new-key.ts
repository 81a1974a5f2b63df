import { randomBytes } from 'node:crypto'
import { hashKey } from '../config/resolve-access.js'

/** A new key (256 random bits) and the `keys:` entry that admits it; only the entry goes in routes.yaml. */
export function newKey(name: string): { key: string; entry: string } {
  const key = `sk-sy-${randomBytes(32).toString('base64url')}`
  return { key, entry: `  - name: ${name}\n    hash: sha256:${hashKey(key)}` }
}
