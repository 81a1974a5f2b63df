import { assertNever, type ChatMessage, type ContentPart } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { asObject, type JsonObject } from '../../wire/json.js'

const DATA_URL = /^data:[^;,]+;base64,(.*)$/s

/**
 * Canonical messages → /api/chat `messages` (ollama/ollama docs/api.md; `Message` in
 * api/types.go): `content` is one string (text parts joined by newlines), images go in
 * `images` as bare base64, assistant tool calls carry `arguments` as an object, and a tool
 * result is `{role:'tool', content, tool_name}` — the name found from the assistant turn that
 * made the call, since Ollama matches results to calls by function name.
 */
export function buildMessages(messages: readonly ChatMessage[], ctx: CallContext): JsonObject[] {
  const callNames = new Map<string, string>()
  const out: JsonObject[] = []
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', ...content(message.content, ctx) })
        break
      case 'user':
        out.push({ role: 'user', ...content(message.content, ctx) })
        break
      case 'assistant': {
        const turn: JsonObject = { role: 'assistant', ...content(message.content ?? '', ctx) }
        const calls = message.toolCalls ?? []
        if (calls.length > 0) {
          turn.tool_calls = calls.map((call) => {
            callNames.set(call.id, call.name)
            return { function: { name: call.name, arguments: parseArguments(call.id, call.arguments) } }
          })
        }
        out.push(turn)
        break
      }
      case 'tool': {
        // Ollama's Message takes images on any role, a tool's result (a screenshot) included.
        const { content: text, images } = content(message.content, ctx)
        const turn: JsonObject = images === undefined ? { role: 'tool', content: text } : { role: 'tool', content: text, images }
        const name = callNames.get(message.toolCallId) ?? message.name
        if (name !== undefined) turn.tool_name = name
        out.push(turn)
        break
      }
      default:
        assertNever(message)
    }
  }
  return out
}

function content(value: string | ContentPart[], ctx: CallContext): { content: string; images?: string[] } {
  if (typeof value === 'string') return { content: value }
  const texts: string[] = []
  const images: string[] = []
  for (const part of value) {
    if (part.type === 'text') {
      texts.push(part.text)
      continue
    }
    if (part.type === 'document') {
      unsupportedParam(ctx, 'document', 'Ollama takes no documents')
      continue
    }
    const data = DATA_URL.exec(part.url)
    if (data !== null) images.push(data[1] ?? '')
    else unsupportedParam(ctx, 'messages[].content.image_url', 'Ollama accepts only base64 images')
  }
  return images.length > 0 ? { content: texts.join('\n'), images } : { content: texts.join('\n') }
}

function parseArguments(id: string, args: string): JsonObject {
  if (args.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(args)
  } catch {
    throw new GatewayError('invalid_request', `The arguments of tool call '${id}' are not valid JSON.`, { param: 'messages' })
  }
  const object = asObject(parsed)
  if (object === undefined) {
    throw new GatewayError('invalid_request', `The arguments of tool call '${id}' must be a JSON object.`, { param: 'messages' })
  }
  return object
}
