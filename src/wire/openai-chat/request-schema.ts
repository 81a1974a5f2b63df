/**
 * The parts of an OpenAI chat request the gateway reads, as one TypeBox schema: ajv checks it,
 * and `ChatBody` is the type of a body that passed. Unknown parameters are allowed: they pass
 * through to OpenAI-compatible upstreams untouched.
 */
import { Type, type Static } from 'typebox'
import { nullable, tagged } from '../../schema/builders.js'

const ImageUrl = Type.Union([Type.String(), Type.Object({ url: Type.String(), detail: Type.Optional(Type.Enum(['auto', 'low', 'high'])) })])
const ContentPart = Type.Object({ type: Type.String(), text: Type.Optional(Type.String()), image_url: Type.Optional(ImageUrl) })
const Content = Type.Union([Type.String(), Type.Array(ContentPart)])
export type ChatContent = Static<typeof Content>

const ToolCall = Type.Object({
  id: Type.String(),
  type: Type.Optional(Type.Literal('function')),
  function: Type.Object({ name: Type.String(), arguments: Type.Optional(Type.String()) }),
})

const name = Type.Optional(Type.String())
const Message = tagged('role', [
  Type.Object({ role: Type.Enum(['system', 'developer']), content: Content, name }),
  Type.Object({ role: Type.Enum(['user']), content: Content, name }),
  Type.Object({
    role: Type.Enum(['assistant']),
    content: Type.Optional(Type.Union([Content, Type.Null()])),
    tool_calls: Type.Optional(Type.Array(ToolCall)),
    reasoning_content: Type.Optional(Type.String()),
    /** OpenRouter's reasoning_details, as an answer gave them (read in reasoning-details.ts). */
    reasoning_details: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    name,
  }),
  Type.Object({ role: Type.Enum(['tool']), tool_call_id: Type.String(), content: Content, name }),
])
export type ChatMessageBody = Static<typeof Message>

const Tool = Type.Object({
  type: Type.Literal('function'),
  function: Type.Object({
    name: Type.String(),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    strict: Type.Optional(nullable(Type.Boolean())),
  }),
})

const ToolChoice = Type.Union([Type.Enum(['auto', 'none', 'required']), Type.Object({ type: Type.Literal('function'), function: Type.Object({ name: Type.String() }) })])

const ResponseFormat = tagged('type', [
  Type.Object({ type: Type.Enum(['text', 'json_object']) }),
  Type.Object({
    type: Type.Enum(['json_schema']),
    json_schema: Type.Object({
      name: Type.String(),
      schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      strict: Type.Optional(nullable(Type.Boolean())),
      description: Type.Optional(Type.String()),
    }),
  }),
])

export const ChatRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(Message, { minItems: 1 }),
  stream: Type.Optional(nullable(Type.Boolean())),
  stream_options: Type.Optional(Type.Union([Type.Object({ include_usage: Type.Optional(nullable(Type.Boolean())) }), Type.Null()])),
  temperature: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  max_tokens: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
  max_completion_tokens: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
  n: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 128 }))),
  stop: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 4 }), Type.Null()])),
  seed: Type.Optional(nullable(Type.Integer())),
  user: Type.Optional(Type.String()),
  presence_penalty: Type.Optional(nullable(Type.Number({ minimum: -2, maximum: 2 }))),
  frequency_penalty: Type.Optional(nullable(Type.Number({ minimum: -2, maximum: 2 }))),
  logit_bias: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()])),
  logprobs: Type.Optional(nullable(Type.Boolean())),
  top_logprobs: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 20 }))),
  reasoning_effort: Type.Optional(Type.Union([Type.Enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']), Type.Null()])),
  tools: Type.Optional(Type.Array(Tool)),
  tool_choice: Type.Optional(Type.Union([ToolChoice, Type.Null()])),
  parallel_tool_calls: Type.Optional(nullable(Type.Boolean())),
  response_format: Type.Optional(Type.Union([ResponseFormat, Type.Null()])),
})

export type ChatBody = Static<typeof ChatRequestSchema>
