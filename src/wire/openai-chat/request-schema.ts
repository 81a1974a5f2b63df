/**
 * JSON Schema of the parts of an OpenAI chat request the gateway reads. Unknown top-level
 * parameters are allowed: they pass through to OpenAI-compatible upstreams untouched.
 */
const text = { type: 'string' }
const contentParts = {
  type: 'array',
  items: {
    type: 'object',
    required: ['type'],
    properties: {
      type: { type: 'string' },
      text: text,
      image_url: {
        anyOf: [
          { type: 'string' },
          { type: 'object', required: ['url'], properties: { url: text, detail: { enum: ['auto', 'low', 'high'] } } },
        ],
      },
    },
  },
}
const content = { anyOf: [text, contentParts] }

const toolCall = {
  type: 'object',
  required: ['id', 'function'],
  properties: {
    id: text,
    type: { const: 'function' },
    function: { type: 'object', required: ['name'], properties: { name: text, arguments: text } },
  },
}

const message = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
    name: text,
  },
  allOf: [
    {
      if: { properties: { role: { enum: ['system', 'developer', 'user'] } } },
      then: { required: ['content'], properties: { content } },
    },
    {
      if: { properties: { role: { const: 'assistant' } } },
      then: { properties: { content: { anyOf: [content, { type: 'null' }] }, tool_calls: { type: 'array', items: toolCall } } },
    },
    {
      if: { properties: { role: { const: 'tool' } } },
      then: { required: ['tool_call_id', 'content'], properties: { tool_call_id: text, content } },
    },
  ],
}

const tool = {
  type: 'object',
  required: ['type', 'function'],
  properties: {
    type: { const: 'function' },
    function: {
      type: 'object',
      required: ['name'],
      properties: { name: text, description: text, parameters: { type: 'object' }, strict: { type: ['boolean', 'null'] } },
    },
  },
}

const number = { type: 'number' }
const integer = { type: 'integer' }

export const chatRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string', minLength: 1 },
    messages: { type: 'array', minItems: 1, items: message },
    stream: { type: ['boolean', 'null'] },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: ['boolean', 'null'] } } },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    max_tokens: { type: ['integer', 'null'], minimum: 1 },
    max_completion_tokens: { type: ['integer', 'null'], minimum: 1 },
    n: { type: ['integer', 'null'], minimum: 1, maximum: 128 },
    stop: { anyOf: [text, { type: 'array', items: text, maxItems: 4 }, { type: 'null' }] },
    seed: { type: ['integer', 'null'] },
    user: text,
    presence_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    frequency_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    logit_bias: { type: ['object', 'null'], additionalProperties: number },
    logprobs: { type: ['boolean', 'null'] },
    top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
    reasoning_effort: { enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', null] },
    tools: { type: 'array', items: tool },
    tool_choice: {
      anyOf: [
        { enum: ['auto', 'none', 'required'] },
        { type: 'object', required: ['type', 'function'], properties: { type: { const: 'function' }, function: { type: 'object', required: ['name'], properties: { name: text } } } },
      ],
    },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    response_format: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['text', 'json_object', 'json_schema'] },
        json_schema: { type: 'object', required: ['name'], properties: { name: text, schema: { type: 'object' }, strict: { type: ['boolean', 'null'] }, description: text } },
      },
      if: { properties: { type: { const: 'json_schema' } } },
      then: { required: ['json_schema'] },
    },
  },
}
