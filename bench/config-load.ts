/**
 * How long loading routes.yaml takes (issue #16: start-up cost). Prints the import of the
 * loader, the first load, and the mean of later loads as a reload does them. It also runs
 * against older checkouts, whose loader offered a ConfigParser holding one compiled schema.
 *   npx tsx bench/config-load.ts [routes.yaml] [rounds]
 */
import { performance } from 'node:perf_hooks'

const file = process.argv[2] ?? 'routes.yaml'
const rounds = Number(process.argv[3] ?? 50)
const env = { ...process.env, OPENAI_API_KEY: 'sk-x', GROQ_API_KEY: 'gsk-x' }

const t0 = performance.now()
const loader: Record<string, unknown> = await import('../src/config/load.js')
const t1 = performance.now()
type Load = (file: string, env: Record<string, string | undefined>) => unknown
const make = loader.createConfigParser
let load: Load
if (typeof make === 'function') {
  const parser: unknown = make()
  const fn = typeof parser === 'object' && parser !== null && 'load' in parser ? parser.load : undefined
  if (typeof fn !== 'function') throw new Error('createConfigParser() has no load')
  load = (f, e) => fn(f, e)
} else {
  const fn = loader.loadConfig
  if (typeof fn !== 'function') throw new Error('no loadConfig')
  load = (f, e) => fn(f, e)
}
load(file, env)
const t2 = performance.now()
for (let i = 0; i < rounds; i++) load(file, env)
const t3 = performance.now()
console.log(JSON.stringify({ file, importMs: +(t1 - t0).toFixed(1), firstLoadMs: +(t2 - t1).toFixed(1), laterLoadMs: +((t3 - t2) / rounds).toFixed(2) }))
