import type { JsonObject, ToolChoice, ToolDefinition } from '../../canonical/chat.js'
import { asString, isObject, readArray } from '../json.js'
import type { Untranslatable } from './untranslatable.js'

/** A tool as the client declared it: what a call to it looks like in the Responses API. */
export interface ClientTool {
  /** `function` calls carry JSON arguments; `custom` (freeform) calls carry one text input. */
  kind: 'function' | 'custom'
  name: string
  /** Set for a tool declared inside a `namespace` tool (Codex groups tools this way). */
  namespace?: string
}

/**
 * The client's tools by the name a translated upstream knows them by. Namespaced tools are
 * flattened to `<namespace>__<name>` (upstreams have no namespaces; chat names allow
 * `[A-Za-z0-9_-]`), and a call to that name comes back as the namespaced call it was.
 */
export type ToolMap = ReadonlyMap<string, ClientTool>

export interface DecodedTools {
  tools: ToolDefinition[]
  map: ToolMap
}

const NAMESPACE_SEPARATOR = '__'

/** The name an upstream knows a client's tool by. */
export function upstreamToolName(name: string, namespace: string | undefined): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}${NAMESPACE_SEPARATOR}${name}`
}

/** A custom (freeform) tool's call as a function call: one string argument, `input`. */
const CUSTOM_PARAMETERS: JsonObject = Object.freeze({
  type: 'object',
  properties: { input: { type: 'string', description: 'The whole input of the tool, as text.' } },
  required: ['input'],
  additionalProperties: false,
})

/**
 * Function tools (flat shape) → canonical tools. Custom tools become functions of one string
 * (their grammar, when they have one, goes into the description), namespaces are flattened, and
 * hosted tools (web search, file search, code interpreter, computer use, MCP, …), which only
 * OpenAI's Responses API runs, are named as untranslatable.
 */
export function decodeTools(raw: unknown, out: Untranslatable): DecodedTools {
  const tools: ToolDefinition[] = []
  const map = new Map<string, ClientTool>()
  readArray(raw).forEach((tool, i) => {
    if (!isObject(tool)) return
    const type = asString(tool.type)
    if (type === 'function' || type === 'custom') addTool(tool, undefined, tools, map)
    else if (type === 'namespace') {
      const namespace = asString(tool.name) ?? ''
      readArray(tool.tools).forEach((inner, j) => {
        if (isObject(inner) && (inner.type === 'function' || inner.type === 'custom')) addTool(inner, namespace, tools, map)
        else out.add(`tools[${i}].tools[${j}]`, `tool type '${String(isObject(inner) ? inner.type : inner)}' cannot be translated`)
      })
    } else out.add(`tools[${i}] (${type ?? 'unknown'})`, `'${type ?? 'unknown'}' is a hosted tool that only OpenAI's Responses API runs`)
  })
  return { tools, map }
}

function addTool(tool: JsonObject, namespace: string | undefined, tools: ToolDefinition[], map: Map<string, ClientTool>): void {
  const name = asString(tool.name) ?? ''
  const upstreamName = upstreamToolName(name, namespace)
  const custom = tool.type === 'custom'
  const def: ToolDefinition = { name: upstreamName }
  const description = customDescription(tool, custom)
  if (description !== undefined) def.description = description
  if (custom) def.parameters = CUSTOM_PARAMETERS
  else if (isObject(tool.parameters)) def.parameters = tool.parameters
  if (typeof tool.strict === 'boolean') def.strict = tool.strict
  tools.push(def)
  const client: ClientTool = { kind: custom ? 'custom' : 'function', name }
  if (namespace !== undefined) client.namespace = namespace
  map.set(upstreamName, client)
}

function customDescription(tool: JsonObject, custom: boolean): string | undefined {
  const description = asString(tool.description) ?? undefined
  if (!custom || !isObject(tool.format) || tool.format.type !== 'grammar') return description
  const grammar = `The input must follow this ${asString(tool.format.syntax) ?? ''} grammar:\n${asString(tool.format.definition) ?? ''}`
  return description === undefined ? grammar : `${description}\n\n${grammar}`
}

/**
 * `tool_choice` → canonical. `allowed_tools` narrows the tools the upstream sees; a choice of a
 * hosted tool is untranslatable like the tool itself.
 */
export function decodeToolChoice(raw: unknown, decoded: DecodedTools, out: Untranslatable): { choice?: ToolChoice; tools: ToolDefinition[] } {
  if (raw === undefined || raw === null) return { tools: decoded.tools }
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { choice: raw, tools: decoded.tools }
  if (!isObject(raw)) return { tools: decoded.tools }
  const type = asString(raw.type)
  if (type === 'function' || type === 'custom') {
    return { choice: { name: upstreamToolName(asString(raw.name) ?? '', asString(raw.namespace)) }, tools: decoded.tools }
  }
  if (type === 'allowed_tools') {
    const allowed = new Set(readArray(raw.tools).filter(isObject).map((t) => upstreamToolName(asString(t.name) ?? '', asString(t.namespace))))
    return { choice: raw.mode === 'required' ? 'required' : 'auto', tools: decoded.tools.filter((t) => allowed.has(t.name)) }
  }
  out.add('tool_choice', `a choice of the hosted tool '${type ?? 'unknown'}' cannot be translated`)
  return { tools: decoded.tools }
}
