/**
 * routes.schema.json's text, from the TypeBox schema and every provider kind's module. Used by
 * `npm run schema` (which writes it) and by the test that fails when the committed file differs.
 */
import { isDeepStrictEqual } from 'node:util'
import type { TSchema } from 'typebox'
import { MODULES, PROVIDER_KINDS } from '../../providers/registry.js'
import { CacheSchema, KeySchema, ResponsesSchema, StateSchema } from './access.js'
import { providerSchema, type KindSchema } from './provider.js'
import { FILE_HEADER, routesFileSchema } from './routes-file.js'
import { AliasSchema, CapabilitiesSchema, DeploymentSchema, PriceSchema, RouteSchema, TargetSchema } from './routes.js'
import { ServerSchema, TimeoutsSchema } from './server.js'

async function kindSchemas(): Promise<KindSchema[]> {
  return Promise.all(
    PROVIDER_KINDS.map(async (kind) => {
      const m = MODULES[kind]
      const base = m.baseUrl
      return {
        kind,
        summary: m.summary,
        ...(base.rule === 'fixed' ? { defaultBaseUrl: base.url } : base.rule === 'from-options' ? { defaultBaseUrl: base.doc } : { requiredBaseUrl: base.example }),
        ...(m.apiKeyNote === undefined ? {} : { apiKeyNote: m.apiKeyNote }),
        options: await m.optionsSchema(),
      }
    }),
  )
}

/** JSON values only (TypeBox's markers are not enumerable, but this makes sure). */
function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value))
}

/**
 * Parts used in several places become `definitions` and `$ref`s, so the file stays readable
 * (and an editor's hover shows the part's own description wherever it is used).
 */
function hoist(root: unknown, named: Readonly<Record<string, TSchema>>): unknown {
  const definitions = Object.entries(named).map(([name, schema]) => [name, json(schema)] as const)
  const refer = (node: unknown, self?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => refer(item))
    if (typeof node !== 'object' || node === null) return node
    const match = definitions.find(([name, schema]) => name !== self && isDeepStrictEqual(node, schema))
    if (match !== undefined) return { $ref: `#/definitions/${match[0]}` }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, refer(value)]))
  }
  const body = refer(root)
  return { ...(typeof body === 'object' && body !== null ? body : {}), definitions: Object.fromEntries(definitions.map(([name, schema]) => [name, refer(schema, name)])) }
}

/** The schema as JSON text: `$schema`, title and description first, two-space indent, a final newline. */
export async function routesSchemaText(): Promise<string> {
  const kinds = await kindSchemas()
  const schema = hoist(json({ ...FILE_HEADER, ...routesFileSchema(kinds) }), {
    server: ServerSchema,
    key: KeySchema,
    state: StateSchema,
    cache: CacheSchema,
    responses: ResponsesSchema,
    price: PriceSchema,
    timeouts: TimeoutsSchema,
    capabilities: CapabilitiesSchema,
    provider: providerSchema(kinds),
    target: TargetSchema,
    alias: AliasSchema,
    route: RouteSchema,
    deployment: DeploymentSchema,
  })
  return `${JSON.stringify(schema, null, 2)}\n`
}
