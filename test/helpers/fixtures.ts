import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The shared fixtures folder: $SWITCHYARD_FIXTURES, else ../shared/fixtures beside the repo,
 * else (a git worktree under /work/wt/<name>) two levels up.
 */
export const fixturesDir =
  process.env.SWITCHYARD_FIXTURES ??
  [path.resolve(repoRoot, '../shared/fixtures'), path.resolve(repoRoot, '../../shared/fixtures')].find((p) => existsSync(p)) ??
  path.resolve(repoRoot, '../shared/fixtures')

export function fixturePath(provider: string, file: string): string {
  return path.join(fixturesDir, provider, file)
}

export function fixtureBytes(provider: string, file: string): Buffer {
  return readFileSync(fixturePath(provider, file))
}

export function fixtureText(provider: string, file: string): string {
  return readFileSync(fixturePath(provider, file), 'utf8')
}

export function fixtureJson<T = unknown>(provider: string, file: string): T {
  return JSON.parse(fixtureText(provider, file)) as T
}

/** Yields the given chunks as a byte stream. */
export async function* chunksOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c
}

/**
 * Every way to cut `bytes` in two, plus one byte at a time: decoders must give the same
 * frames for each. Returns a list of chunkings (each a list of chunks).
 */
export function everySplit(bytes: Uint8Array): Uint8Array[][] {
  const cuts: Uint8Array[][] = []
  for (let k = 1; k < bytes.length; k++) cuts.push([bytes.subarray(0, k), bytes.subarray(k)])
  const single: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1))
  cuts.push(single)
  return cuts
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
