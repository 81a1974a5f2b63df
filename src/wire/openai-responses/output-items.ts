import type { ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { asString, isObject, tryParseJson, type JsonObject } from '../json.js'
import type { ToolMap } from './decode-tools.js'
import { callIdFor } from './ids.js'
import { sealReasoning } from './reasoning-envelope.js'

/** Output items of a Response the gateway writes itself (translated answers), in the API's shapes. */

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete'

export interface TextContent {
  text: string
  refusal: string
}

export function messageItem(id: string, status: ItemStatus, content: readonly JsonObject[]): JsonObject {
  return { id, type: 'message', status, content: [...content], role: 'assistant' }
}

export function outputTextPart(text: string): JsonObject {
  return { type: 'output_text', annotations: [], logprobs: [], text }
}

export function refusalPart(refusal: string): JsonObject {
  return { type: 'refusal', refusal }
}

/**
 * A reasoning item: its text as one summary part. Opaque data (a signature, redacted thinking)
 * rides sealed in `encrypted_content`: kept in the stored copy, so a continued conversation
 * sends it back, and shown to the client only when it asked (`include`; see withoutEncrypted).
 */
export function reasoningItem(id: string, block: ReasoningBlock): JsonObject {
  const item: JsonObject = { id, type: 'reasoning', summary: block.text === '' ? [] : [summaryPart(block.text)] }
  if (block.signature !== undefined || block.redacted !== undefined) item.encrypted_content = sealReasoning(block)
  return item
}

/** An output item as a client that did not ask for `reasoning.encrypted_content` sees it. */
export function withoutEncrypted(item: JsonObject): JsonObject {
  if (item.type !== 'reasoning' || item.encrypted_content === undefined) return item
  const { encrypted_content: _sealed, ...rest } = item
  return rest
}

export function summaryPart(text: string): JsonObject {
  return { type: 'summary_text', text }
}

/**
 * A canonical tool call as the item the client declared it for: a `function_call` (its `fc_`
 * item id, and its `call_…` call id that the client's function_call_output names), or a
 * `custom_tool_call` whose one text input is unwrapped from the upstream's JSON arguments.
 */
export function toolCallItem(id: string, call: ToolCall, tools: ToolMap, status: ItemStatus): JsonObject {
  const client = tools.get(call.name)
  const callId = callIdFor(call.id)
  const namespace = client?.namespace === undefined ? {} : { namespace: client.namespace }
  if (client?.kind === 'custom') {
    return { id, type: 'custom_tool_call', status, call_id: callId, input: customInput(call.arguments), name: client.name, ...namespace }
  }
  return { id, type: 'function_call', status, arguments: call.arguments, call_id: callId, name: client?.name ?? call.name, ...namespace }
}

/** The `input` of a custom tool's call from its JSON arguments (the text itself when they are not JSON). */
export function customInput(args: string): string {
  const parsed = tryParseJson(args)
  if (parsed.ok && isObject(parsed.value)) return asString(parsed.value.input) ?? ''
  return args
}
