/**
 * The whole of routes.yaml, assembled from the core's parts and each provider kind's keys.
 * `generate.ts` turns it into routes.schema.json (what the gateway validates with ajv, and what
 * editors read); `RawFile` is the type of a file that passed it.
 */
import Type, { type Static } from 'typebox'
import { CacheSchema, KeysSchema, ResponsesSchema, StateSchema } from './access.js'
import { closed } from '../../schema/builders.js'
import { providersSchema, type KindSchema } from './provider.js'
import { ModelsSchema } from './routes.js'
import { ServerSchema } from './server.js'

/** What editors show for the file as a whole (first in the generated JSON). */
export const FILE_HEADER = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Switchyard routes.yaml',
  description:
    'Providers (upstream endpoints and their credentials), model aliases (routes over one or more provider/model deployments) and server settings for the Switchyard gateway. String values may reference environment variables as ${VAR} or ${VAR:-default}; $${ is a literal ${.',
}

export function routesFileSchema(kinds: readonly KindSchema[]) {
  return closed(
    {
      server: Type.Optional(ServerSchema),
      providers: providersSchema(kinds),
      models: Type.Optional(ModelsSchema),
      keys: Type.Optional(KeysSchema),
      state: Type.Optional(StateSchema),
      cache: Type.Optional(CacheSchema),
      responses: Type.Optional(ResponsesSchema),
    },
    FILE_HEADER,
  )
}

/** routes.yaml once ajv accepted it (before `${VAR}` expansion, strings may still hold references). */
export type RawFile = Static<ReturnType<typeof routesFileSchema>>
export type RawServer = NonNullable<RawFile['server']>
export type RawTimeouts = NonNullable<RawServer['timeouts']>
export type RawModels = NonNullable<RawFile['models']>
export type RawRoute = Exclude<RawModels[string], string>
export type RawCapabilities = NonNullable<RawRoute['deployments'][number]['capabilities']>
export type RawKey = NonNullable<RawFile['keys']>[number]
export type RawState = NonNullable<RawFile['state']>
export type RawCache = NonNullable<RawFile['cache']>
export type RawResponses = NonNullable<RawFile['responses']>
