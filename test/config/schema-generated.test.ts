/**
 * routes.schema.json is generated from the TypeBox schema (src/config/schema/) and the provider
 * kinds' modules; the gateway validates against the committed file, so it must be current.
 * TypeBox itself stays out of the gateway's start-up (it is a build-time tool here).
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { routesSchemaText } from '../../src/config/schema/generate.js'
import { ROUTES_VALIDATOR_FILE, routesValidatorText } from '../../src/config/schema/standalone.js'
import { REQUEST_SCHEMAS, requestSchemaText } from '../../src/wire/request-schemas.js'
import { REQUEST_OPTIONS_FILE, requestOptionsSchemaText } from '../../src/providers/request-options-schemas.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('routes.schema.json', () => {
  it('is what `npm run schema` generates', async () => {
    const committed = readFileSync(path.join(root, 'routes.schema.json'), 'utf8')
    assert.ok(committed === (await routesSchemaText()), 'routes.schema.json is stale: run `npm run schema` and commit the result')
  })

  it(`and the validator the gateway runs (${ROUTES_VALIDATOR_FILE}) is the code ajv makes of it`, () => {
    const committed = readFileSync(path.join(root, ROUTES_VALIDATOR_FILE), 'utf8')
    const expected = routesValidatorText(readFileSync(path.join(root, 'routes.schema.json'), 'utf8'))
    assert.ok(committed === expected, `${ROUTES_VALIDATOR_FILE} is stale: run \`npm run schema\` and commit the result`)
  })
})

describe('the front doors\' request schemas', () => {
  for (const source of REQUEST_SCHEMAS) {
    it(`${source.file} is what \`npm run schema\` generates`, async () => {
      const committed = readFileSync(path.join(root, source.file), 'utf8')
      assert.ok(committed === (await requestSchemaText(source)), `${source.file} is stale: run \`npm run schema\` and commit the result`)
    })
  }
})

describe("the provider kinds' request options", () => {
  it(`${REQUEST_OPTIONS_FILE} is what \`npm run schema\` generates`, () => {
    const committed = readFileSync(path.join(root, REQUEST_OPTIONS_FILE), 'utf8')
    assert.ok(committed === requestOptionsSchemaText(), `${REQUEST_OPTIONS_FILE} is stale: run \`npm run schema\` and commit the result`)
  })
})

/** Modules a file loads when it runs: static imports and re-exports, not `import type` nor `import()`. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gms)) {
    if (m[1] === undefined) out.push(m[2] ?? '')
  }
  return out
}

function reachable(entries: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const todo = [...entries]
  while (todo.length > 0) {
    const file = todo.pop() ?? ''
    if (seen.has(file)) continue
    seen.add(file)
    if (!file.startsWith(root)) continue
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) {
        seen.add(spec)
        continue
      }
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts')
      if (existsSync(target)) todo.push(target)
    }
  }
  return seen
}

describe('start-up cost', () => {
  it('the gateway does not load TypeBox: it reads the generated JSON Schema', () => {
    const loaded = reachable([path.join(root, 'src/cli.ts'), path.join(root, 'src/server.ts')])
    assert.ok(loaded.has(path.join(root, 'src/config/load.ts')) && loaded.has('ajv'), 'the walk follows the loader')
    const typebox = [...loaded].filter((m) => m === 'typebox' || m.startsWith('typebox/'))
    assert.deepStrictEqual(typebox, [], 'a module the gateway loads imports TypeBox at run time; import its schema with `import type` (modules load their options schema lazily)')
  })
})
