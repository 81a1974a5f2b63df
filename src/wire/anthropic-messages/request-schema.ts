/**
 * JSON Schema of the parts of a Messages request (`MessageCreateParams` in @anthropic-ai/sdk
 * messages.d.ts) the gateway reads. Block types and top-level fields it does not know are
 * allowed: they pass through untouched to Anthropic, and are refused by name on translation.
 */
const text = { type: 'string' }
const object = { type: 'object' }
/** A string or an array of `items` (`items` applies to arrays only, so a bad block is reported at its own path). */
const stringOr = (items: object) => ({ type: ['string', 'array'], items })
const cacheControl = { type: ['object', 'null'], properties: { type: text, ttl: { enum: ['5m', '1h'] } } }

/** Requires `fields` on blocks of `type`. */
const when = (type: string, required: string[], properties: Record<string, unknown>) => ({
  if: { properties: { type: { const: type } }, required: ['type'] },
  then: { required, properties },
})

const block = {
  type: 'object',
  required: ['type'],
  properties: { type: text, cache_control: cacheControl },
  allOf: [
    when('text', ['text'], { text }),
    when('image', ['source'], { source: object }),
    when('document', ['source'], { source: object }),
    when('tool_use', ['id', 'name', 'input'], { id: text, name: text, input: object }),
    when('tool_result', ['tool_use_id'], { tool_use_id: text, content: stringOr(object), is_error: { type: ['boolean', 'null'] } }),
    when('thinking', ['thinking'], { thinking: text, signature: text }),
    when('redacted_thinking', ['data'], { data: text }),
  ],
}

const message = {
  type: 'object',
  required: ['role', 'content'],
  properties: {
    // `system` inside `messages` is a newer shape (fixtures: messages-request-cache-control-mid-conversation-system.json).
    role: { enum: ['user', 'assistant', 'system'] },
    content: stringOr(block),
  },
}

const tool = {
  type: 'object',
  properties: {
    type: text,
    name: text,
    description: text,
    input_schema: object,
    cache_control: cacheControl,
    defer_loading: { type: 'boolean' },
    strict: { type: 'boolean' },
  },
  // A custom tool (no type, or `custom`) needs a name and a schema; Anthropic's own tools carry a type.
  if: { not: { required: ['type'] } },
  then: { required: ['name', 'input_schema'] },
}

const toolChoice = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['auto', 'any', 'tool', 'none'] }, name: text, disable_parallel_tool_use: { type: 'boolean' } },
  if: { properties: { type: { const: 'tool' } } },
  then: { required: ['name'] },
}

const thinking = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['enabled', 'disabled', 'adaptive'] }, budget_tokens: { type: 'integer', minimum: 1 }, display: text },
  if: { properties: { type: { const: 'enabled' } } },
  then: { required: ['budget_tokens'] },
}

const common = {
  model: { type: 'string', minLength: 1 },
  messages: { type: 'array', items: message },
  system: stringOr(block),
  tools: { type: 'array', items: tool },
  tool_choice: toolChoice,
  thinking,
  output_config: { type: 'object', properties: { effort: text, format: { type: ['object', 'null'] } } },
  metadata: { type: 'object', properties: { user_id: { type: ['string', 'null'] } } },
}

export const messagesRequestSchema = {
  type: 'object',
  required: ['model', 'messages', 'max_tokens'],
  properties: {
    ...common,
    max_tokens: { type: 'integer', minimum: 1 },
    stream: { type: 'boolean' },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    stop_sequences: { type: 'array', items: text },
  },
}

/** count_tokens takes the same body without `max_tokens` and `stream` (SOURCES-responses-messages.md). */
export const countTokensRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: common,
}
