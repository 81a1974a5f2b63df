/**
 * Writes routes.schema.json from the TypeBox schema (src/config/schema/) and every provider
 * kind's options: `npm run schema`. The gateway validates routes.yaml against this file, and
 * editors read it through `# yaml-language-server: $schema=./routes.schema.json`.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { routesSchemaText } from '../src/config/schema/generate.js'

const target = fileURLToPath(new URL('../routes.schema.json', import.meta.url))
writeFileSync(target, await routesSchemaText())
console.log(`wrote ${target}`)
