/** `server:` in routes.yaml, and the timeouts every route inherits from it. */
import Type from 'typebox'
import { ToolValidationRetriesSchema, ToolValidationSchema } from './tool-validation.js'
import { closed } from '../../schema/builders.js'

const ms = (description: string, minimum = 1) => Type.Integer({ description, minimum })

export const TimeoutsSchema = closed(
  {
    connect_ms: Type.Optional(ms('Time to open the connection to the upstream.')),
    ttft_ms: Type.Optional(ms('Time to the first token of a stream (or to the response headers when not streaming).')),
    idle_ms: Type.Optional(ms('Longest gap allowed between two chunks of a stream.')),
    total_ms: Type.Optional(ms('Longest time one attempt may take from start to end, its whole stream included.')),
    keepalive_ms: Type.Optional(
      ms(
        'Streams only: when the first token takes longer than this, the gateway starts the answer (200, text/event-stream) and sends an SSE comment line (`: keep-alive`) every keepalive_ms until it comes, so proxies with idle limits keep the connection. A failure after that is reported as an error event in the stream instead of an HTTP status. 0 or absent: off.',
        0,
      ),
    ),
  },
  {
    description:
      "Time limits for one upstream attempt, in milliseconds. Under `server` they are the defaults (connect 5000, ttft 60000, idle 60000, total 600000); under a route each key overrides the server's.",
  },
)

const aliasList = (description: string) =>
  Type.Array(Type.String({ description: 'An alias declared under `models`.', minLength: 1 }), { description, uniqueItems: true })

const CooldownSchema = closed(
  {
    min_failures: Type.Optional(Type.Integer({ description: 'Failed attempts within the window before the ratio counts (default 3).', minimum: 1 })),
    failure_ratio: Type.Optional(Type.Number({ description: 'Share of failed attempts within the window that trips the breaker (default 0.5).', exclusiveMinimum: 0, maximum: 1 })),
    window_ms: Type.Optional(ms('The sliding window failures are counted in, in milliseconds (default 30000).')),
    duration_ms: Type.Optional(ms('How long a tripped deployment stays out, in milliseconds (default 10000).')),
  },
  {
    description:
      'Circuit breaking: when a deployment is taken out of rotation. Once at least `min_failures` attempts, and `failure_ratio` of all attempts, failed within `window_ms`, it cools down for `duration_ms` (an upstream 429 cools it down at once, for its Retry-After when longer); then one probe request at a time is let through (half-open) until one succeeds.',
  },
)

const BackoffSchema = closed(
  {
    base_ms: Type.Optional(ms('First wait in milliseconds, doubled each further round (default 250).', 0)),
    max_ms: Type.Optional(
      ms('Longest wait in milliseconds; a Retry-After longer than this is not waited for: the request moves on or fails with 429 and that Retry-After (default 5000).', 0),
    ),
  },
  {
    description:
      "Waits before an attempt at a deployment this request already tried (a retry on another deployment goes at once): exponential from `base_ms` with full jitter, or the upstream's Retry-After / retry-after-ms when it gave one.",
  },
)

const CorsSchema = closed(
  {
    allow_origins: Type.Optional(
      Type.Array(Type.String({ description: 'An origin (`https://app.example.com`: scheme, host and port if not the default), or `*` for any.', minLength: 1 }), {
        description: 'Origins whose browser pages may call the gateway. Absent or empty: CORS is off (no Access-Control-* headers, preflights are not answered).',
        uniqueItems: true,
      }),
    ),
  },
  { description: 'Cross-origin requests from browsers (CORS). Off unless allow_origins lists origins.' },
)

const UpstreamLimitsSchema = closed(
  {
    max_body_bytes: Type.Optional(
      Type.Integer({ description: 'Largest answer body read from an upstream that is not streamed, in bytes (default 16777216 = 16 MiB); past it the attempt fails as an upstream error.', minimum: 1 }),
    ),
    max_event_bytes: Type.Optional(
      Type.Integer({
        description: 'Largest single event of a streamed answer (an SSE event, an NDJSON line, an AWS event-stream message), in bytes (default 16777216 = 16 MiB).',
        minimum: 1,
      }),
    ),
    max_error_body_bytes: Type.Optional(
      Type.Integer({ description: "Largest error body read from an upstream, in bytes (default 65536 = 64 KiB); the rest is dropped, not read.", minimum: 1 }),
    ),
  },
  { description: 'Bounds on what an upstream may send; a provider that sends more fails the attempt (and the connection is dropped) instead of filling memory.' },
)

export const ServerSchema = closed(
  {
    port: Type.Optional(Type.Integer({ description: 'TCP port to listen on (default 4000; 0 picks a free port).', minimum: 0, maximum: 65535 })),
    host: Type.Optional(
      Type.String({
        description:
          'Address to bind. Default: 127.0.0.1 (this machine only) while the gateway is open (no master_key and no keys), else 0.0.0.0. --host and HOST win over it.',
        minLength: 1,
      }),
    ),
    max_body_bytes: Type.Optional(Type.Integer({ description: 'Largest request body accepted, in bytes (default 4194304 = 4 MiB).', minimum: 1 })),
    retries: Type.Optional(Type.Integer({ description: 'Default number of retries per route after the first attempt (default 0).', minimum: 0, maximum: 10 })),
    timeouts: Type.Optional(TimeoutsSchema),
    tool_validation: Type.Optional(ToolValidationSchema),
    tool_validation_retries: Type.Optional(ToolValidationRetriesSchema),
    watch_config: Type.Optional(
      Type.Boolean({ description: 'Reload this file when it changes (default true). SIGHUP reloads it either way; an invalid file is refused and the config in force keeps serving.' }),
    ),
    shutdown_grace_ms: Type.Optional(
      ms(
        'On SIGTERM/SIGINT: how long in-flight requests and streams may run on after the listener stops accepting, in milliseconds (default 30000). Readiness turns false first. Read at start-up.',
        0,
      ),
    ),
    shutdown_delay_ms: Type.Optional(
      ms(
        'On SIGTERM/SIGINT: how long readiness answers 503 while requests are still accepted, before the listener closes, in milliseconds (default 0). Behind a load balancer that polls /health/readiness, set it to a few probe intervals so traffic moves away first.',
        0,
      ),
    ),
    log_level: Type.Optional(
      Type.Enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
        description: 'Log level: trace, debug, info, warn, error, fatal or silent (default info). The environment variable LOG_LEVEL, when set, wins. Applied on reload.',
      }),
    ),
    log_content: Type.Optional(
      Type.Boolean({
        description: 'Include prompt messages and non-streamed completions in the per-request log line (default false). They may contain personal data; secrets never appear in logs either way.',
      }),
    ),
    fallbacks: Type.Optional(aliasList("Aliases tried, in order, for any route once its deployments and its own fallbacks are exhausted (default none).")),
    cooldown: Type.Optional(CooldownSchema),
    backoff: Type.Optional(BackoffSchema),
    master_key: Type.Optional(
      Type.String({
        description:
          'The master key clients send as `Authorization: Bearer <key>` (or `x-api-key`); it may use every model without limits. Write `${SWITCHYARD_MASTER_KEY}`, never the key itself; `${SWITCHYARD_MASTER_KEY:-}` lets it be unset. When neither it nor `keys` is set, /v1 is open to anyone who can reach the gateway (a start-up warning says so).',
      }),
    ),
    protect_metrics: Type.Optional(
      Type.Boolean({ description: 'Require a key (master or virtual) for /metrics and /health/* too (default false: Prometheus and load balancers reach them without one).' }),
    ),
    cors: Type.Optional(CorsSchema),
    body_timeout_ms: Type.Optional(
      ms('How long a client may take to send its whole request body, in milliseconds, from the end of its headers (default 30000); a slower one gets 408.'),
    ),
    upstream_limits: Type.Optional(UpstreamLimitsSchema),
  },
  { description: 'Listener settings and the defaults every route inherits. All optional.' },
)

export { aliasList }
