/**
 * Canonical messages → Gemini `systemInstruction` and `contents`.
 *
 * - system/developer messages → `systemInstruction.parts`, in order, wherever they appear.
 * - roles are `user` and `model`; tool results are `functionResponse` parts sent as `user`.
 * - consecutive turns with the same role are merged into one content (Gemini expects turns
 *   to alternate, and parallel tool results belong in one `user` turn).
 */
import type { ChatMessage, ContentPart, JsonObject, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { toGeminiPart } from './build-image-part.js'
import { isObject, tryParseJson } from '../../wire/json.js'

export interface GeminiContent {
  role: 'user' | 'model'
  parts: JsonObject[]
}

export interface GeminiConversation {
  systemInstruction?: { parts: JsonObject[] }
  contents: GeminiContent[]
}

/**
 * Gemini 3 rejects a replayed `functionCall` without its `thoughtSignature` (HTTP 400 "Function
 * call is missing a thought_signature"). When a call comes from elsewhere (another provider, a
 * client that dropped it), Google documents this sentinel to skip the check
 * (ai.google.dev/gemini-api/docs/thought-signatures; used the same way in vercel/ai PR #15560).
 */
const SKIP_SIGNATURE = 'skip_thought_signature_validator'

export function buildContents(messages: ChatMessage[], model: string, ctx: CallContext): GeminiConversation {
  const systemParts: JsonObject[] = []
  const contents: GeminiContent[] = []
  const toolNames = new Map<string, string>()
  const needsSignatures = /^gemini-3/.test(model)

  const push = (role: GeminiContent['role'], parts: JsonObject[]): void => {
    if (parts.length === 0) return
    const last = contents[contents.length - 1]
    if (last !== undefined && last.role === role) last.parts.push(...parts)
    else contents.push({ role, parts })
  }

  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        systemParts.push(...textOnlyParts(message.content, ctx, 'system'))
        break
      case 'user':
        push('user', userParts(message.content, ctx))
        break
      case 'assistant': {
        const parts: JsonObject[] = []
        if (message.content !== null) {
          parts.push(...textOnlyParts(message.content, ctx, 'assistant'))
        }
        const calls = message.toolCalls ?? []
        const signed = calls.some((call) => typeof call.providerMetadata?.thoughtSignature === 'string')
        calls.forEach((call, i) => {
          toolNames.set(call.id, call.name)
          // Parallel calls: only the first part of a turn carries the signature.
          parts.push(functionCallPart(call, needsSignatures && !signed && i === 0))
        })
        push('model', parts)
        break
      }
      case 'tool': {
        const name = toolNames.get(message.toolCallId) ?? message.name
        if (name === undefined) {
          throw new GatewayError(
            'invalid_request',
            `A tool message refers to tool_call_id '${message.toolCallId}', which no earlier assistant message called.`,
            { param: 'messages' },
          )
        }
        const text = textOnlyParts(message.content, ctx, 'tool')
          .map((p) => String(p.text))
          .join('')
        push('user', [{ functionResponse: { name, response: toFunctionResponse(text) } }])
        break
      }
    }
  }

  return systemParts.length > 0 ? { systemInstruction: { parts: systemParts }, contents } : { contents }
}

function functionCallPart(call: ToolCall, addSentinel: boolean): JsonObject {
  const parsed = call.arguments.trim() === '' ? { ok: true as const, value: {} } : tryParseJson(call.arguments)
  if (!parsed.ok || !isObject(parsed.value)) {
    throw new GatewayError(
      'invalid_request',
      `The arguments of tool call '${call.id}' (${call.name}) are not a JSON object.`,
      { param: 'messages' },
    )
  }
  const part: JsonObject = { functionCall: { name: call.name, args: parsed.value } }
  const signature = call.providerMetadata?.thoughtSignature
  if (typeof signature === 'string') part.thoughtSignature = signature
  else if (addSentinel) part.thoughtSignature = SKIP_SIGNATURE
  return part
}

/**
 * `FunctionResponse.response` must be a JSON object; Google documents an `output` key for the
 * function's output ("Use "output" key to specify function output and "error" key to specify
 * error details… If "output" and "error" keys are not specified, then whole "response" is
 * treated as function output": FunctionResponse reference, Vertex AI / google-genai). So a
 * JSON object goes as it is, anything else (other JSON, plain text) as `{output: …}`.
 */
export function toFunctionResponse(text: string): JsonObject {
  const parsed = tryParseJson(text)
  if (parsed.ok && isObject(parsed.value)) return parsed.value
  return { output: parsed.ok ? parsed.value : text }
}

function userParts(content: string | ContentPart[], ctx: CallContext): JsonObject[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }]
  return content.flatMap((part) => {
    if (part.type === 'text') return part.text === '' ? [] : [{ text: part.text }]
    if (part.type === 'document') {
      unsupportedParam(ctx, 'document', 'documents are not translated to Gemini yet')
      return []
    }
    const converted = toGeminiPart(part.url, ctx)
    return converted === undefined ? [] : [converted]
  })
}

/** Text parts of a message whose role cannot carry images in Gemini. */
function textOnlyParts(content: string | ContentPart[], ctx: CallContext, where: string): JsonObject[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }]
  const parts: JsonObject[] = []
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text })
    } else {
      unsupportedParam(ctx, 'messages', `images in ${where} messages`)
    }
  }
  return parts
}
