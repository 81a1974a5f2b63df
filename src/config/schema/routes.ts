/** `models:` in routes.yaml: aliases, routes over deployments, and the capability overrides. */
import Type from 'typebox'
import { ToolValidationRetriesSchema, ToolValidationSchema } from './tool-validation.js'
import { closed, mapOf, stringOrMapping } from '../../schema/builders.js'
import { aliasList, TimeoutsSchema } from './server.js'

export const CapabilitiesSchema = closed(
  {
    tools: Type.Optional(Type.Boolean({ description: 'Accepts tool (function) definitions and returns tool calls.' })),
    vision: Type.Optional(Type.Boolean({ description: 'Accepts image inputs.' })),
    json_schema: Type.Optional(Type.Boolean({ description: 'Honours response_format with a JSON schema (structured output).' })),
    streaming: Type.Optional(Type.Boolean({ description: 'Can stream its answers.' })),
    embeddings: Type.Optional(Type.Boolean({ description: 'Serves /v1/embeddings.' })),
    context_window: Type.Optional(Type.Integer({ description: 'Context window in tokens (prompt plus completion).', minimum: 1 })),
    max_output_tokens: Type.Optional(Type.Integer({ description: 'Largest completion in tokens.', minimum: 1 })),
  },
  {
    description:
      "Overrides of what the gateway assumes a model can do (the adapter's defaults per kind and model apply to keys left out; a deployment's overrides win over its provider's). A request that needs tools, images, a JSON schema, streaming or embeddings, or whose prompt clearly exceeds context_window, goes only to deployments that have it, else gets a 400 naming the capability and the model.",
  },
)

export const PriceSchema = closed(
  {
    input: Type.Number({ description: 'Prompt tokens, USD per million.', minimum: 0 }),
    output: Type.Number({ description: 'Completion tokens, USD per million.', minimum: 0 }),
    cached_input: Type.Optional(
      Type.Number({ description: "Prompt tokens read from the provider's prompt cache, USD per million (default: the input price).", minimum: 0 }),
    ),
  },
  { description: 'USD per million tokens for this deployment, overriding the shipped price table.' },
)

export const TargetSchema = Type.String({
  description: 'A deployment target: `<provider>/<model>`, split at the first slash (the model may contain slashes).',
  pattern: '^[^/]+/.+$',
})

const DATE = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2}))?$'

export const DeprecatedSchema = closed(
  {
    since: Type.Optional(Type.String({ description: 'When it was deprecated (YYYY-MM-DD or an ISO timestamp): sent as the Deprecation header (RFC 9745).', pattern: DATE })),
    sunset: Type.Optional(Type.String({ description: 'When it stops being served (YYYY-MM-DD, midnight UTC, or an ISO timestamp): sent as the Sunset header (RFC 8594).', pattern: DATE })),
    successor: Type.Optional(Type.String({ description: 'The alias that replaces it: linked with rel="successor-version", served after the sunset when after_sunset is redirect, and tried when the upstream reports model_not_found.', minLength: 1 })),
    message: Type.Optional(Type.String({ description: 'A note for clients, added to the 410 after the sunset and logged by `switchyard check`.' })),
    after_sunset: Type.Optional(
      Type.Enum(['refuse', 'redirect'], { description: 'After the sunset: refuse with 410 naming the successor (the default), or serve the successor (with x-switchyard-redirected-from).' }),
    ),
  },
  { description: 'This model is deprecated: answers carry Deprecation, Sunset and Link headers, and switchyard_deprecated_requests_total counts who still calls it.' },
)

export const DeploymentSchema = closed(
  {
    target: TargetSchema,
    weight: Type.Optional(Type.Number({ description: 'Relative share of traffic under the weighted strategy (default 1).', exclusiveMinimum: 0 })),
    rpm: Type.Optional(
      Type.Integer({
        description:
          'Requests per minute this deployment may take (sliding 60 s window, shared across replicas through the state store). At its limit the deployment is skipped; when every deployment is, the client gets 429 with Retry-After.',
        minimum: 1,
      }),
    ),
    tpm: Type.Optional(
      Type.Integer({
        description: 'Tokens (prompt plus completion, as reported) per minute this deployment may take; a deployment whose window is full is skipped like one at its rpm.',
        minimum: 1,
      }),
    ),
    price: Type.Optional(PriceSchema),
    capabilities: Type.Optional(CapabilitiesSchema),
    params: Type.Optional(
      mapOf(Type.Unknown(), {
        description:
          "Provider options sent with every request to this deployment, by the provider's own field names (checked against the kind's options, as `provider_options.<kind>` on a request, which wins key by key): e.g. gemini `safetySettings`, anthropic `top_k`, openai `service_tier`, bedrock `guardrailConfig`.",
      }),
    ),
    deprecated: Type.Optional(DeprecatedSchema),
  },
  { description: 'One provider/model a route may send a request to.' },
)

export const RouteSchema = closed(
  {
    deployments: Type.Array(DeploymentSchema, { description: 'The provider/model targets this alias spreads requests over.', minItems: 1 }),
    strategy: Type.Optional(
      Type.Enum(['weighted', 'ordered', 'least-busy', 'latency'], {
        description:
          'How a deployment is picked: weighted (random by weight, the default), ordered (first healthy in list order), least-busy (fewest requests in flight on this replica, ties broken at random) or latency (lowest recent time to first token, or to the answer when not streaming, as a moving average; one request in ten explores another deployment so a recovered one is measured again). Deployments cooling down or at their rpm/tpm limit are skipped under every strategy.',
      }),
    ),
    retries: Type.Optional(
      Type.Integer({
        description:
          'Retries after the first attempt (default: server.retries). Only failures another attempt may cure are retried (connect errors, timeouts, 408, 429, 5xx, 529, a malformed or error-only stream before the first token), each on the next deployment in the strategy\'s order when there is one, and never after the first token reached the client. The same budget applies to each fallback alias in turn.',
        minimum: 0,
        maximum: 10,
      }),
    ),
    fallbacks: Type.Optional(aliasList('Other aliases tried, in order, when every deployment of this one failed.')),
    context_window_fallbacks: Type.Optional(aliasList("Other aliases tried, in order, when the request is too long for this one's context window.")),
    timeouts: Type.Optional(TimeoutsSchema),
    drop_params: Type.Optional(Type.Boolean({ description: 'Drop request parameters a provider cannot honour instead of answering 400 (default false).' })),
    tool_validation: Type.Optional(ToolValidationSchema),
    tool_validation_retries: Type.Optional(ToolValidationRetriesSchema),
    cache: Type.Optional(
      Type.Boolean({
        description:
          'Serve repeated identical requests (same messages and parameters) from the response cache (default false). A request with `cache-control: no-cache` or `no-store` bypasses it.',
      }),
    ),
    deprecated: Type.Optional(DeprecatedSchema),
  },
  { description: 'A route over one or more deployments.' },
)

export const AliasSchema = stringOrMapping('A model alias: one `provider/model` target as a string, or a route object.', TargetSchema, RouteSchema)

export const ModelsSchema = mapOf(AliasSchema, {
  description:
    'Model aliases clients may request. Each is either one `provider/model` target, or a route over several deployments with a strategy, retries and fallbacks.',
  names: Type.String({ description: 'An alias name: no whitespace, not starting with a slash.', pattern: '^[^\\s/]\\S*$' }),
})
