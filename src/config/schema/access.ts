/** `keys:`, `state:` and `cache:` in routes.yaml. */
import Type from 'typebox'
import { closed } from '../../schema/builders.js'

export const KeySchema = closed(
  {
    name: Type.String({
      description: "The key owner's name, used in logs and as the `key` label of switchyard_spend_usd_total: letters, digits, `_`, `.`, `-` (at most 64).",
      pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
    }),
    hash: Type.String({ description: '`sha256:` and the hex SHA-256 of the key, as printed by `switchyard key new`.', pattern: '^sha256:[0-9a-f]{64}$' }),
    models: Type.Optional(
      Type.Array(Type.String({ description: 'A model name, or a glob with `*`.', minLength: 1 }), {
        description: 'Models this key may request, as the client names them: aliases or `provider/model`, where `*` matches any run of characters (`groq/*`). Default: every model.',
        uniqueItems: true,
      }),
    ),
    rpm: Type.Optional(Type.Integer({ description: 'Requests per minute (a sliding 60 s window, shared by every replica with state.backend redis).', minimum: 1 })),
    tpm: Type.Optional(
      Type.Integer({ description: 'Tokens (prompt plus completion) per minute: a request is refused while the last 60 s already used this many.', minimum: 1 }),
    ),
    max_budget_usd: Type.Optional(
      Type.Number({
        description: "Spend allowed per budget period in USD, computed from each answer's usage and price; once reached, requests get 429 with code budget_exceeded.",
        exclusiveMinimum: 0,
      }),
    ),
    budget_period: Type.Optional(
      Type.String({
        description: 'Length of a budget period: a number and s, m, h or d (`30d`, the default). A period starts with its first spend; the budget resets when it ends.',
        pattern: '^[1-9][0-9]*[smhd]$',
      }),
    ),
  },
  { description: 'One virtual key.' },
)

export const KeysSchema = Type.Array(KeySchema, {
  description:
    'Virtual keys: each app gets its own key with its own models, limits and budget. Only a hash of each key is stored here; `switchyard key new --name <name>` makes a key and prints its entry.',
})

/** A pattern rather than an enum so that `${VAR:-memory}` passes; the value is checked again once expanded. */
const BackendSchema = Type.String({
  description: 'memory (default) or redis; or `${VAR:-memory}` to choose it from the environment (checked after expansion).',
  pattern: '^(memory|redis|\\$\\{.*\\})$',
})

export const StateSchema = closed(
  {
    backend: Type.Optional(BackendSchema),
    url: Type.Optional(
      Type.String({ description: 'redis only (required): `redis://[:password@]host:port[/db]` or `rediss://` for TLS; usually `${REDIS_URL}`.', pattern: '^(rediss?://|\\$\\{)' }),
    ),
    fail_open: Type.Optional(
      Type.Boolean({
        description:
          'redis only: while Redis is unreachable, keep serving with each replica counting limits on its own (true, the default; a warning and switchyard_state_failures_total say so) or refuse requests with 503 (false).',
      }),
    ),
    prefix: Type.Optional(Type.String({ description: 'redis only: prefix of every key the gateway writes (default `switchyard:`).' })),
  },
  {
    description: 'Where rate windows, spend and cached answers live: memory (the default) serves one instance; redis makes every replica share them.',
    if: { properties: { backend: { const: 'redis' } }, required: ['backend'] },
    then: { required: ['url'] },
  },
)

export const CacheSchema = closed(
  {
    ttl_seconds: Type.Optional(Type.Integer({ description: 'How long a cached answer is served (default 300).', minimum: 1 })),
    max_entries: Type.Optional(
      Type.Integer({ description: 'state.backend memory: most answers kept, least recently used dropped first (default 1000). With redis, entries expire by their TTL.', minimum: 1 }),
    ),
  },
  { description: "Settings of the exact-match response cache; routes turn it on with `cache: true`." },
)

export const ResponsesSchema = closed(
  {
    retention_seconds: Type.Optional(Type.Integer({ description: 'How long a stored response is kept (default 2592000 = 30 days, as OpenAI keeps them).', minimum: 1 })),
    max_entries: Type.Optional(
      Type.Integer({ description: 'state.backend memory: most responses kept, least recently used dropped first (default 1000). With redis, entries expire by their retention.', minimum: 1 }),
    ),
    max_entry_bytes: Type.Optional(
      Type.Integer({ description: 'Largest stored response (with its input items) in bytes (default 1048576); a larger one is answered but not kept, and continuing it says why.', minimum: 1024 }),
    ),
  },
  {
    description:
      'Stored responses of the Responses API (/v1/responses with `store`, the default): kept in the state store (memory, or redis so replicas share them) for GET/DELETE /v1/responses/{id}, its input_items, and `previous_response_id`. Only the key that created a response may read, continue or delete it.',
  },
)
