/** Canonical tools and tool_choice → Gemini `tools` and `toolConfig`. */
import type { ChatRequest, JsonObject } from '../../canonical/chat.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { toGeminiParameters } from './to-gemini-schema.js'

export interface GeminiTools {
  tools?: JsonObject[]
  toolConfig?: JsonObject
}

export function buildTools(req: ChatRequest, ctx: CallContext): GeminiTools {
  const out: GeminiTools = {}
  const tools = req.tools ?? []
  if (tools.length > 0) {
    out.tools = [
      {
        functionDeclarations: tools.map((tool) => {
          const declaration: JsonObject = { name: tool.name }
          if (tool.description !== undefined) declaration.description = tool.description
          const parameters = toGeminiParameters(tool.parameters)
          if (parameters !== undefined) declaration.parameters = parameters
          return declaration
        }),
      },
    ]
  }

  const choice = req.toolChoice
  if (choice !== undefined && tools.length > 0) {
    let config: JsonObject
    if (choice === 'auto') config = { mode: 'AUTO' }
    else if (choice === 'none') config = { mode: 'NONE' }
    else if (choice === 'required') config = { mode: 'ANY' }
    else config = { mode: 'ANY', allowedFunctionNames: [choice.name] }
    out.toolConfig = { functionCallingConfig: config }
  }

  // Gemini has no switch to forbid parallel calls.
  if (req.parallelToolCalls === false && tools.length > 0) unsupportedParam(ctx, 'parallel_tool_calls')
  return out
}
