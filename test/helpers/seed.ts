import { randomInt } from 'node:crypto'

/**
 * The seed of a randomised test: `process.env[variable]` to replay a run, else a fresh one.
 * Printed either way, with the line that replays it, so a failure seen once can be seen again.
 */
export function seedFrom(variable: string, what: string): number {
  const given = process.env[variable]
  const seed = given === undefined || given === '' ? randomInt(2 ** 31) : Number(given)
  if (!Number.isSafeInteger(seed)) throw new Error(`${variable}=${given}: a seed is an integer`)
  console.log(`${what}: seed ${seed} (replay: ${variable}=${seed})`)
  return seed
}
