import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import type { ProviderKind } from '../../src/providers/types.js'
import { CommonProviderSchema } from '../../src/config/schema/provider-common.js'
import { FULL_YAML } from './full-fixture.js'

const schemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../routes.schema.json')
const schema: unknown = JSON.parse(readFileSync(schemaFile, 'utf8'))

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every schema object under `properties` (with its path), anywhere in the document. */
function propertySchemas(node: unknown, at: string, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(node)) node.forEach((item, i) => propertySchemas(item, `${at}/${i}`, out))
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isRecord(value)) {
        for (const [name, prop] of Object.entries(value)) out.push([`${at}/properties/${name}`, prop])
      }
      propertySchemas(value, `${at}/${key}`, out)
    }
  }
  return out
}

/** Resolves a local `$ref`. */
function deref(prop: unknown): unknown {
  if (!isRecord(prop) || typeof prop.$ref !== 'string') return prop
  let here: unknown = schema
  for (const seg of prop.$ref.replace(/^#\//, '').split('/')) here = isRecord(here) ? here[seg] : undefined
  return here
}

describe('routes.schema.json', () => {
  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    assert.ok(isRecord(schema))
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#')
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
    assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors))
    const validate = ajv.compile(schema)
    assert.equal(validate(parse(readFileSync(FULL_YAML, 'utf8'))), true, JSON.stringify(validate.errors))
  })

  it('describes every property and closes every object', () => {
    const props = propertySchemas(schema, '#')
    assert.ok(props.length > 50)
    for (const [where, prop] of props) {
      // Inside if/then the properties only test values; their documentation is on the main schema.
      if (where.includes('/if/')) continue
      const target = deref(prop)
      assert.ok(isRecord(target) && typeof target.description === 'string' && target.description.length > 0, `${where} has no description`)
    }
    const objects: string[] = []
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`))
      else if (isRecord(node)) {
        if (node.type === 'object' && node.additionalProperties === undefined) objects.push(at)
        for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`)
      }
    }
    walk(schema, '#')
    assert.deepStrictEqual(objects, [])
  })

  it('lists exactly the provider kinds of the adapter contract, each taking the common keys', () => {
    // A Record over ProviderKind fails to compile when a kind is added to types.ts and not here.
    const kinds: Record<ProviderKind, true> = { openai: true, azure: true, anthropic: true, gemini: true, ollama: true, bedrock: true, fake: true }
    assert.ok(isRecord(schema) && isRecord(schema.definitions))
    const provider = schema.definitions.provider
    assert.ok(isRecord(provider) && isRecord(provider.properties) && isRecord(provider.properties.kind))
    assert.deepStrictEqual(provider.properties.kind.enum, Object.keys(kinds))
    assert.ok(Array.isArray(provider.allOf))
    const branches = provider.allOf.map((branch: unknown) => {
      assert.ok(isRecord(branch) && isRecord(branch.if) && isRecord(branch.then))
      assert.deepStrictEqual(branch.if.required, ['kind'])
      const ifProps = branch.if.properties
      assert.ok(isRecord(ifProps) && isRecord(ifProps.kind))
      const names = branch.then.propertyNames
      assert.ok(isRecord(names) && Array.isArray(names.enum))
      for (const key of ['kind', ...Object.keys(CommonProviderSchema.properties)]) assert.ok(names.enum.includes(key), `kind ${String(ifProps.kind.const)} lacks ${key}`)
      return ifProps.kind.const
    })
    assert.deepStrictEqual(branches, Object.keys(kinds))
  })
})
