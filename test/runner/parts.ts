/**
 * Which part of the suite a test file belongs to. The rule is the file's first folder under
 * test/, so a new file is classified by where it is put, never by a list of names:
 *
 *   test/e2e/…   e2e   requests through a whole gateway (in-process where the socket is not the
 *                      point) with the official SDKs, against fake upstreams that replay recordings
 *   test/ops/…   ops   real processes: the CLI, --workers, signals, reloads, Prometheus, compose files
 *   test/soak/…  soak  long seeded runs (thousands of requests)
 *   anything else unit  modules in process: fixtures, injected clocks, app.request()
 *
 * A file named *.timing.test.ts holds a clock to a few percent: it runs in its part after the
 * others, one file at a time, so no other test file loads the machine beside it.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

export const PARTS = ['unit', 'e2e', 'ops', 'soak'] as const
export type PartName = (typeof PARTS)[number]

export function isPartName(name: string): name is PartName {
  return (PARTS as readonly string[]).includes(name)
}

/** The part of `file`, a path relative to the repository root (test/…). */
export function partOf(file: string): PartName {
  const [root, first] = file.split(/[\\/]/)
  if (root !== 'test') throw new Error(`${file} is not under test/`)
  return first !== undefined && isPartName(first) ? first : 'unit'
}

export function isTimingFile(file: string): boolean {
  return file.endsWith('.timing.test.ts')
}

/** Every *.test.ts under `dir` (relative to `root`), sorted. */
export function findTestFiles(root: string, dir = 'test'): string[] {
  const out: string[] = []
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...findTestFiles(root, rel))
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(rel)
  }
  return out.sort()
}
