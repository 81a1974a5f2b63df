/** The keys of `providers.<name>` that every kind takes besides `kind` (whose values the kinds give). */
import Type, { type Static } from 'typebox'
import { closed, mapOf } from '../../schema/builders.js'
import { CapabilitiesSchema } from './routes.js'

const HeadersSchema = mapOf(Type.String({ description: 'Header value.' }), { description: 'Extra HTTP headers sent on every request to this provider.' })

const ModelListSchema = Type.Array(Type.String({ description: 'An upstream model id.', minLength: 1 }), {
  description: 'Models of this provider you declare: listed in /v1/models and used as metric labels for direct `provider/model` requests.',
  uniqueItems: true,
})

export const API_KEY =
  'The upstream API key, normally `${SOME_ENV_VAR}`. If the variable is unset the gateway still starts, and requests routed to this provider fail with 503.'

export const CommonProviderSchema = closed({
  base_url: Type.Optional(Type.String({ description: 'Base URL without a trailing slash.' })),
  api_key: Type.Optional(Type.String({ description: API_KEY })),
  headers: Type.Optional(HeadersSchema),
  models: Type.Optional(ModelListSchema),
  capabilities: Type.Optional(CapabilitiesSchema),
  max_connections: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'Most connections open at once to this provider (per origin), default 4096. An LLM stream holds its connection for seconds to minutes, so a busy gateway holds thousands; a request beyond the limit waits for a free connection, counted in switchyard_upstream_connection_waits_total and shown in switchyard_upstream_queued_requests.',
    }),
  ),
})

/** The keys every kind takes, as written. */
export type CommonRawProvider = Static<typeof CommonProviderSchema>
