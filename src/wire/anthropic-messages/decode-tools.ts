import type { ToolChoice, ToolDefinition } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { asBoolean, asObject, asString, readArray, readObject, type JsonObject } from '../json.js'
import { cacheHint, refuse, type DecodeSink } from './decode-content.js'

export interface DecodedTools {
  tools: ToolDefinition[]
  /** Tools declared with `defer_loading` (Anthropic's tool search): sent only once a tool_reference loaded them. */
  deferred: Map<string, ToolDefinition>
}

/**
 * Custom tools (`input_schema`, `cache_control`, `strict`) → canonical definitions. Anthropic's
 * own tools (a `type` such as `web_search_20250305`, `bash_20250124`, `mcp_toolset`) run on
 * Anthropic's side or have a schema only Anthropic knows: refused by name on translation.
 */
export function decodeTools(raw: unknown, sink: DecodeSink): DecodedTools {
  const out: DecodedTools = { tools: [], deferred: new Map() }
  readArray(raw).forEach((value, i) => {
    const tool = readObject(value)
    const type = asString(tool.type)
    if (type !== undefined && type !== 'custom') {
      refuse(sink, `tools[${i}]`, `Anthropic's '${type}' tool has no equivalent outside Anthropic`)
      return
    }
    const def: ToolDefinition = { name: asString(tool.name) ?? '' }
    const description = asString(tool.description)
    if (description !== undefined) def.description = description
    const schema = asObject(tool.input_schema)
    if (schema !== undefined) def.parameters = schema
    const strict = asBoolean(tool.strict)
    if (strict !== undefined) def.strict = strict
    const cache = cacheHint(tool)
    if (cache !== undefined) def.cache = cache
    if (asBoolean(tool.defer_loading) === true) out.deferred.set(def.name, def)
    else out.tools.push(def)
  })
  return out
}

/** The tools a translated request declares: the loaded ones, and the deferred ones a tool search has referenced. */
export function toolsToSend(decoded: DecodedTools, referenced: ReadonlySet<string>): ToolDefinition[] {
  const loaded = [...decoded.tools]
  for (const [name, def] of decoded.deferred) if (referenced.has(name)) loaded.push(def)
  return loaded
}

/** `tool_choice` → the canonical choice, and `disable_parallel_tool_use` → parallelToolCalls: false. */
export function decodeToolChoice(raw: unknown, known: DecodedTools): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  const choice = asObject(raw)
  if (choice === undefined) return {}
  const out: { toolChoice?: ToolChoice; parallelToolCalls?: boolean } = {}
  if (asBoolean(choice.disable_parallel_tool_use) === true) out.parallelToolCalls = false
  switch (choice.type) {
    case 'auto':
      out.toolChoice = 'auto'
      break
    case 'any':
      out.toolChoice = 'required'
      break
    case 'none':
      out.toolChoice = 'none'
      break
    case 'tool':
      out.toolChoice = { name: namedTool(choice, known) }
      break
  }
  return out
}

function namedTool(choice: JsonObject, known: DecodedTools): string {
  const name = asString(choice.name) ?? ''
  if (!known.tools.some((t) => t.name === name) && !known.deferred.has(name)) {
    throw new GatewayError('invalid_request', `tool_choice names the tool '${name.slice(0, 100)}', which is not in 'tools'.`, { param: 'tool_choice.name' })
  }
  return name
}
