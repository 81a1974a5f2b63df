/**
 * How long loading routes.yaml takes (issue #16: start-up cost). Prints the import of the
 * loader, the first load (schema compiled) and the mean of later loads (a reload).
 *   npx tsx bench/config-load.ts [routes.yaml] [rounds]
 */
import { performance } from 'node:perf_hooks'

const file = process.argv[2] ?? 'routes.yaml'
const rounds = Number(process.argv[3] ?? 50)
const env = { ...process.env, OPENAI_API_KEY: 'sk-x', GROQ_API_KEY: 'gsk-x' }

const t0 = performance.now()
const { loadConfig } = await import('../src/config/load.js')
const t1 = performance.now()
loadConfig(file, env)
const t2 = performance.now()
for (let i = 0; i < rounds; i++) loadConfig(file, env)
const t3 = performance.now()
console.log(JSON.stringify({ file, importMs: +(t1 - t0).toFixed(1), firstLoadMs: +(t2 - t1).toFixed(1), laterLoadMs: +((t3 - t2) / rounds).toFixed(2) }))
