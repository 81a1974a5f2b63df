import type { ChatMessage, ContentPart, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { asString, isObject, readArray, type JsonObject } from '../json.js'
import { upstreamToolName } from './decode-tools.js'
import { openReasoning } from './reasoning-envelope.js'
import type { Untranslatable } from './untranslatable.js'

/**
 * Responses input items (the client's, or a stored conversation's) → canonical messages, in
 * order. The items of one assistant turn (reasoning, the message, its function calls) become one
 * assistant message, as every other protocol has it. Item types with no canonical form (hosted
 * tool calls, item references) are named as untranslatable at `path[i]`.
 */
export function itemsToMessages(items: readonly unknown[], path: string, out: Untranslatable): ChatMessage[] {
  const messages: ChatMessage[] = []
  let turn: AssistantTurn | undefined
  const flush = (): void => {
    if (turn !== undefined) messages.push(assistantMessage(turn))
    turn = undefined
  }
  items.forEach((raw, i) => {
    const at = `${path}[${i}]`
    if (!isObject(raw)) return
    const type = asString(raw.type) ?? 'message'
    switch (type) {
      case 'message': {
        const role = asString(raw.role)
        if (role === 'assistant') {
          if (turn !== undefined && (turn.text !== '' || turn.calls.length > 0)) flush()
          turn ??= newTurn()
          turn.text += assistantText(raw.content)
          return
        }
        flush()
        if (role === 'user' || role === 'system' || role === 'developer') messages.push({ role, content: inputContent(raw.content, `${at}.content`, out) })
        return
      }
      case 'reasoning':
        if (turn !== undefined && (turn.text !== '' || turn.calls.length > 0)) flush()
        turn ??= newTurn()
        turn.reasoning.push(reasoningBlock(raw))
        return
      case 'function_call':
      case 'custom_tool_call':
        turn ??= newTurn()
        turn.calls.push(toolCall(raw, type))
        return
      case 'function_call_output':
      case 'custom_tool_call_output':
        flush()
        messages.push({ role: 'tool', toolCallId: asString(raw.call_id) ?? '', content: toolOutput(raw.output, `${at}.output`, out) })
        return
      default:
        out.add(`${at} (${type})`, `input items of type '${type}' cannot be translated`)
    }
  })
  flush()
  return messages
}

interface AssistantTurn {
  text: string
  reasoning: ReasoningBlock[]
  calls: ToolCall[]
}

function newTurn(): AssistantTurn {
  return { text: '', reasoning: [], calls: [] }
}

function assistantMessage(turn: AssistantTurn): ChatMessage {
  const message: ChatMessage = { role: 'assistant', content: turn.text === '' ? null : turn.text }
  if (turn.calls.length > 0) message.toolCalls = turn.calls
  if (turn.reasoning.length > 0) message.reasoning = turn.reasoning
  return message
}

/** An assistant message's text: output_text parts (and refusals, which are what it said). */
function assistantText(content: unknown): string {
  if (typeof content === 'string') return content
  let text = ''
  for (const part of readArray(content)) {
    if (!isObject(part)) continue
    text += asString(part.text) ?? asString(part.refusal) ?? ''
  }
  return text
}

function reasoningBlock(item: JsonObject): ReasoningBlock {
  const summary = readArray(item.summary)
    .filter(isObject)
    .map((s) => asString(s.text) ?? '')
  const content = readArray(item.content)
    .filter(isObject)
    .map((c) => asString(c.text) ?? '')
  const text = (summary.length > 0 ? summary : content).join('\n\n')
  return openReasoning(asString(item.encrypted_content), text)
}

function toolCall(item: JsonObject, type: 'function_call' | 'custom_tool_call'): ToolCall {
  const name = upstreamToolName(asString(item.name) ?? '', asString(item.namespace))
  const args = type === 'custom_tool_call' ? JSON.stringify({ input: asString(item.input) ?? '' }) : (asString(item.arguments) ?? '')
  return { id: asString(item.call_id) ?? '', name, arguments: args }
}

/** User, system and developer content: text, images and files. */
function inputContent(content: unknown, path: string, out: Untranslatable): string | ContentPart[] {
  if (typeof content === 'string') return content
  const parts: ContentPart[] = []
  readArray(content).forEach((part, i) => {
    if (isObject(part)) {
      const decoded = contentPart(part, `${path}[${i}]`, out)
      if (decoded !== undefined) parts.push(decoded)
    }
  })
  return parts
}

function toolOutput(output: unknown, path: string, out: Untranslatable): string | ContentPart[] {
  return typeof output === 'string' ? output : inputContent(output, path, out)
}

function contentPart(part: JsonObject, path: string, out: Untranslatable): ContentPart | undefined {
  const type = asString(part.type)
  switch (type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: asString(part.text) ?? '' }
    case 'input_image': {
      const url = asString(part.image_url)
      if (url === undefined) return unmodelled(out, path, 'an image given by file_id lives in OpenAI Files; send image_url instead')
      const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined
      return detail === undefined ? { type: 'image', url } : { type: 'image', url, detail }
    }
    case 'input_file':
      return filePart(part, path, out)
    default:
      return unmodelled(out, path, `content of type '${type ?? 'unknown'}' cannot be translated`)
  }
}

/** `input_file`: inline data (a data URL) or a URL; an OpenAI file id cannot leave OpenAI. */
function filePart(part: JsonObject, path: string, out: Untranslatable): ContentPart | undefined {
  const filename = asString(part.filename)
  const data = asString(part.file_data)
  const withName = (p: ContentPart): ContentPart => (filename === undefined || p.type !== 'document' ? p : { ...p, filename })
  if (data !== undefined) {
    const match = /^data:([^;,]+);base64,(.*)$/s.exec(data)
    if (match === null) return unmodelled(out, path, 'file_data must be a data URL (data:<type>;base64,<data>)')
    return withName({ type: 'document', source: { kind: 'base64', mediaType: match[1]!, data: match[2]! } })
  }
  const url = asString(part.file_url)
  if (url !== undefined) return withName({ type: 'document', source: { kind: 'url', url } })
  return unmodelled(out, path, 'a file given by file_id lives in OpenAI Files; send file_data instead')
}

function unmodelled(out: Untranslatable, path: string, why: string): undefined {
  out.add(path, why)
  return undefined
}
