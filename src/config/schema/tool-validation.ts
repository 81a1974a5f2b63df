/** `tool_validation` (server default and per route): what the gateway does with tool calls and structured outputs that break their schemas. */
import Type from 'typebox'

export const ToolValidationSchema = Type.Enum(['off', 'annotate', 'retry', 'reject'], {
  description:
    'Checks tool calls (the name was declared and is allowed by tool_choice, the arguments parse and match the function\'s JSON Schema) and structured outputs (json_schema / json_object content) of answers whose request declared them. off: nothing is checked. annotate (the default): the answer goes out as it came; failures are named in the x-switchyard-tool-validation header (JSON answers), the log line and switchyard_tool_calls_total. retry: an invalid answer is asked for again, with what was wrong, up to tool_validation_retries times (then the next deployment, if the route has retries left); the client sees a valid answer or an invalid_tool_call error (502). reject: that error at once. Under retry and reject a streamed tool call (and streamed JSON content) is held until it is complete and valid; text before it streams at once.',
})

export const ToolValidationRetriesSchema = Type.Integer({
  description: 'Under tool_validation: retry, how many times an invalid answer is asked for again on the same deployment (default 1).',
  minimum: 0,
  maximum: 5,
})
