/**
 * Writes routes.schema.json from the TypeBox schema (src/config/schema/) and every provider
 * kind's options, and the front doors' request schemas (src/wire/request-schemas.ts): `npm run schema`. The gateway validates routes.yaml against this file, and
 * editors read it through `# yaml-language-server: $schema=./routes.schema.json`.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { routesSchemaText } from '../src/config/schema/generate.js'
import { ROUTES_VALIDATOR_FILE, routesValidatorText } from '../src/config/schema/standalone.js'
import { REQUEST_SCHEMAS, requestSchemaText } from '../src/wire/request-schemas.js'
import { REQUEST_OPTIONS_FILE, requestOptionsSchemaText } from '../src/providers/request-options-schemas.js'

const target = fileURLToPath(new URL('../routes.schema.json', import.meta.url))
const schemaText = await routesSchemaText()
writeFileSync(target, schemaText)
console.log(`wrote ${target}`)
// The same schema as code, so start-up loads the validator instead of compiling it.
const validator = fileURLToPath(new URL(`../${ROUTES_VALIDATOR_FILE}`, import.meta.url))
writeFileSync(validator, routesValidatorText(schemaText))
console.log(`wrote ${validator}`)
// The front doors' request schemas, as plain JSON Schema the gateway compiles without TypeBox.
for (const source of REQUEST_SCHEMAS) {
  const file = fileURLToPath(new URL(`../${source.file}`, import.meta.url))
  writeFileSync(file, await requestSchemaText(source))
  console.log(`wrote ${file}`)
}
// Each provider kind's request options (provider_options.<kind>, a deployment's params).
const optionsFile = fileURLToPath(new URL(`../${REQUEST_OPTIONS_FILE}`, import.meta.url))
writeFileSync(optionsFile, requestOptionsSchemaText())
console.log(`wrote ${optionsFile}`)
