/**
 * JSON Schema of the parts of a Responses API request (`POST /v1/responses`) the gateway reads.
 * Unknown top-level parameters and unknown item types are allowed: they pass through to an
 * upstream that serves the Responses API, and the decoder names them when a request must be
 * translated. Shapes follow the API reference (platform.openai.com/docs/api-reference/responses)
 * and the recorded requests in ../shared/fixtures/openai-responses/.
 */
const text = { type: 'string' }
const nullableText = { type: ['string', 'null'] }

const contentPart = {
  type: 'object',
  required: ['type'],
  properties: {
    type: text,
    text: text,
    image_url: nullableText,
    file_id: nullableText,
    file_data: text,
    file_url: text,
    filename: text,
    detail: { enum: ['auto', 'low', 'high', 'original'] },
  },
  allOf: [
    { if: { properties: { type: { enum: ['input_text', 'output_text'] } } }, then: { required: ['text'] } },
    { if: { properties: { type: { const: 'refusal' } } }, then: { required: ['refusal'], properties: { refusal: text } } },
  ],
}

const messageItem = {
  required: ['role', 'content'],
  properties: {
    role: { enum: ['user', 'assistant', 'system', 'developer'] },
    // `items` applies to arrays only: an error inside one is reported at its path.
    content: { type: ['string', 'array'], items: contentPart },
  },
}

const item = {
  type: 'object',
  properties: { type: text, id: text },
  allOf: [
    // An item without `type` is the shorthand message ({role, content}).
    { if: { not: { required: ['type'] } }, then: messageItem },
    { if: { required: ['type'], properties: { type: { const: 'message' } } }, then: messageItem },
    {
      if: { required: ['type'], properties: { type: { const: 'function_call' } } },
      then: { required: ['call_id', 'name', 'arguments'], properties: { call_id: text, name: text, arguments: text, namespace: text } },
    },
    {
      if: { required: ['type'], properties: { type: { enum: ['function_call_output', 'custom_tool_call_output'] } } },
      then: { required: ['call_id', 'output'], properties: { call_id: text, output: { type: ['string', 'array'], items: contentPart } } },
    },
    {
      if: { required: ['type'], properties: { type: { const: 'custom_tool_call' } } },
      then: { required: ['call_id', 'name', 'input'], properties: { call_id: text, name: text, input: text, namespace: text } },
    },
    {
      if: { required: ['type'], properties: { type: { const: 'reasoning' } } },
      then: {
        properties: {
          summary: { type: 'array', items: { type: 'object', required: ['text'], properties: { text: text } } },
          content: { type: ['array', 'null'], items: { type: 'object', properties: { text: text } } },
          encrypted_content: nullableText,
        },
      },
    },
    { if: { required: ['type'], properties: { type: { const: 'item_reference' } } }, then: { required: ['id'] } },
  ],
}

const functionTool = {
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, description: nullableText, parameters: { type: ['object', 'null'] }, strict: { type: ['boolean', 'null'] } },
}

const tool = {
  type: 'object',
  required: ['type'],
  properties: { type: text },
  allOf: [
    { if: { properties: { type: { const: 'function' } } }, then: functionTool },
    { if: { properties: { type: { const: 'custom' } } }, then: { required: ['name'], properties: { name: { type: 'string', minLength: 1 }, description: text } } },
    {
      if: { properties: { type: { const: 'namespace' } } },
      then: { required: ['name', 'tools'], properties: { name: { type: 'string', minLength: 1 }, tools: { type: 'array', items: { type: 'object', required: ['type', 'name'], properties: { type: text, name: text } } } } },
    },
  ],
}

const toolChoice = {
  anyOf: [
    { enum: ['auto', 'none', 'required'] },
    { type: 'object', required: ['type'], properties: { type: text, name: text, mode: { enum: ['auto', 'required'] }, tools: { type: 'array' } } },
  ],
}

const format = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['text', 'json_object', 'json_schema'] },
    name: text,
    schema: { type: 'object' },
    strict: { type: ['boolean', 'null'] },
    description: text,
  },
  if: { properties: { type: { const: 'json_schema' } } },
  then: { required: ['name', 'schema'] },
}

export const responsesRequestSchema = {
  type: 'object',
  required: ['model'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: { type: ['string', 'array'], items: item },
    instructions: nullableText,
    stream: { type: ['boolean', 'null'] },
    store: { type: ['boolean', 'null'] },
    background: { type: ['boolean', 'null'] },
    previous_response_id: { type: ['string', 'null'], minLength: 1 },
    tools: { type: 'array', items: tool },
    tool_choice: toolChoice,
    parallel_tool_calls: { type: ['boolean', 'null'] },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
    max_output_tokens: { type: ['integer', 'null'], minimum: 1 },
    text: { type: ['object', 'null'], properties: { format, verbosity: { enum: ['low', 'medium', 'high', null] } } },
    reasoning: {
      type: ['object', 'null'],
      properties: {
        effort: { enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', null] },
        summary: { enum: ['auto', 'concise', 'detailed', null] },
        generate_summary: { enum: ['auto', 'concise', 'detailed', null] },
      },
    },
    include: { type: ['array', 'null'], items: text },
    metadata: { type: ['object', 'null'], maxProperties: 16, additionalProperties: { type: 'string', maxLength: 512 } },
    truncation: { enum: ['auto', 'disabled', null] },
    user: text,
    safety_identifier: nullableText,
    prompt_cache_key: nullableText,
    service_tier: nullableText,
  },
}
