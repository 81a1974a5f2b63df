import type { ChatRequest, ToolChoice } from '../../canonical/chat.js'
import type { JsonObject } from '../../wire/json.js'

export interface AnthropicTooling {
  tools?: JsonObject[]
  tool_choice?: JsonObject
}

/**
 * Tool definitions and tool choice (Messages API `Tool`, `ToolChoice` in @anthropic-ai/sdk
 * messages.d.ts): `input_schema` instead of `parameters`; choice `auto` / `none` /
 * `any` (OpenAI's `required`) / `tool` + name; `disable_parallel_tool_use` lives on the
 * choice object, so `parallel_tool_calls: false` without a choice becomes `auto` + that flag.
 * `strict` is forwarded only where the model has structured outputs (strict tool use).
 */
export function buildTooling(req: ChatRequest, structuredOutputs: boolean): AnthropicTooling {
  const defs = req.tools ?? []
  if (defs.length === 0) return {}
  const tools = defs.map((tool) => {
    const out: JsonObject = { name: tool.name }
    if (tool.description !== undefined) out.description = tool.description
    // Anthropic requires an input_schema; a tool without parameters takes an empty object.
    out.input_schema = tool.parameters ?? { type: 'object', properties: {} }
    if (tool.strict === true && structuredOutputs) out.strict = true
    return out
  })
  const choice = toolChoice(req.toolChoice, req.parallelToolCalls === false)
  return choice === undefined ? { tools } : { tools, tool_choice: choice }
}

function toolChoice(choice: ToolChoice | undefined, noParallel: boolean): JsonObject | undefined {
  const flag = noParallel ? { disable_parallel_tool_use: true } : {}
  if (choice === undefined) return noParallel ? { type: 'auto', ...flag } : undefined
  if (typeof choice === 'object') return { type: 'tool', name: choice.name, ...flag }
  switch (choice) {
    case 'auto':
      return { type: 'auto', ...flag }
    case 'required':
      return { type: 'any', ...flag }
    case 'none':
      // No calls at all, so there is nothing to parallelise.
      return { type: 'none' }
  }
}
