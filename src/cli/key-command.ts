import { newKey } from '../access/new-key.js'

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

/** `switchyard key new --name <name>`: prints a new virtual key and its routes.yaml entry. */
export function keyCommand(arg: string | undefined, name: string | undefined): number {
  if (arg !== 'new' || name === undefined || !KEY_NAME.test(name)) {
    console.error('Usage: switchyard key new --name <name>  (name: letters, digits, _, . and -, at most 64)')
    return 2
  }
  const { key, entry } = newKey(name)
  console.log(`New key for '${name}' (shown once; give it to its owner and keep only the hash):\n\n  ${key}\n\nAdd under keys: in routes.yaml (then set models, rpm, tpm, max_budget_usd as needed):\n\n${entry}`)
  return 0
}
