/**
 * Canonical messages → Converse `system` and `messages`.
 *
 * Content blocks are unions without a `type` field: `{text}`, `{image: {format, source:
 * {bytes}}}`, `{toolUse: {toolUseId, name, input}}`, `{toolResult: {toolUseId, content}}`.
 * Roles alternate strictly between `user` and `assistant`, and tool results travel in `user`
 * messages (converse-request-tool-result.json), so consecutive same-role messages are merged.
 * Converse rejects blank text blocks, so empty strings are left out.
 */
import type { ChatMessage, ContentPart, JsonObject, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { isObject, tryParseJson } from '../../wire/json.js'

export interface ConverseMessage {
  role: 'user' | 'assistant'
  content: JsonObject[]
}

export interface ConverseConversation {
  system?: JsonObject[]
  messages: ConverseMessage[]
  /** Whether any toolUse/toolResult block was written (Converse then requires toolConfig). */
  hasToolBlocks: boolean
}

/** ImageBlock.format accepts these (Converse API reference, ImageBlock). */
const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

export function buildMessages(messages: ChatMessage[], ctx: CallContext): ConverseConversation {
  const system: JsonObject[] = []
  const out: ConverseMessage[] = []
  let hasToolBlocks = false

  const push = (role: ConverseMessage['role'], content: JsonObject[]): void => {
    if (content.length === 0) return
    const last = out[out.length - 1]
    if (last !== undefined && last.role === role) last.content.push(...content)
    else out.push({ role, content })
  }

  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textBlocks(message.content, ctx, 'system'))
        break
      case 'user':
        push('user', userBlocks(message.content, ctx))
        break
      case 'assistant': {
        const blocks = [...reasoningBlocks(message.reasoning), ...(message.content === null ? [] : textBlocks(message.content, ctx, 'assistant'))]
        for (const call of message.toolCalls ?? []) {
          blocks.push(toolUseBlock(call))
          hasToolBlocks = true
        }
        push('assistant', blocks)
        break
      }
      case 'tool': {
        const result: JsonObject = { toolUseId: message.toolCallId, content: toolResultBlocks(message.content, ctx) }
        if (message.isError === true) result.status = 'error'
        push('user', [{ toolResult: result }])
        hasToolBlocks = true
        break
      }
    }
  }
  return system.length > 0 ? { system, messages: out, hasToolBlocks } : { messages: out, hasToolBlocks }
}

/**
 * The reasoning Bedrock itself produced (origin `bedrock`), first in the turn as Claude wants it
 * back in a tool loop: `reasoningText {text, signature}` or `redactedContent`. Reasoning from
 * another provider carries no signature Bedrock could verify, and is left out.
 */
function reasoningBlocks(reasoning: readonly ReasoningBlock[] | undefined): JsonObject[] {
  const blocks: JsonObject[] = []
  for (const b of reasoning ?? []) {
    if (b.origin !== 'bedrock') continue
    if (b.redacted !== undefined) blocks.push({ reasoningContent: { redactedContent: b.redacted } })
    else if (b.signature !== undefined) blocks.push({ reasoningContent: { reasoningText: { text: b.text, signature: b.signature } } })
  }
  return blocks
}

function toolUseBlock(call: ToolCall): JsonObject {
  const parsed = call.arguments.trim() === '' ? { ok: true as const, value: {} } : tryParseJson(call.arguments)
  if (!parsed.ok || !isObject(parsed.value)) {
    throw new GatewayError('invalid_request', `The arguments of tool call '${call.id}' (${call.name}) are not a JSON object.`, {
      param: 'messages',
    })
  }
  return { toolUse: { toolUseId: call.id, name: call.name, input: parsed.value } }
}

/**
 * A tool result's content: its text (a JSON object as `{json}`, anything else as `{text}`), and
 * its images as image blocks, which Converse's ToolResultContentBlock takes (a screenshot an
 * agent's tool returned).
 */
function toolResultBlocks(content: string | ContentPart[], ctx: CallContext): JsonObject[] {
  if (typeof content === 'string') return [toolResultContent(content)]
  const text = content.map((p) => (p.type === 'text' ? p.text : '')).join('')
  const blocks = text === '' && content.some((p) => p.type !== 'text') ? [] : [toolResultContent(text)]
  for (const part of content) if (part.type !== 'text') blocks.push(...userBlocks([part], ctx))
  return blocks
}

/** A JSON object result goes as `{json}`, anything else as `{text}`. */
function toolResultContent(text: string): JsonObject {
  const parsed = tryParseJson(text)
  return parsed.ok && isObject(parsed.value) ? { json: parsed.value } : { text }
}

function userBlocks(content: string | ContentPart[], ctx: CallContext): JsonObject[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }]
  const blocks: JsonObject[] = []
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ text: part.text })
      continue
    }
    if (part.type === 'document') {
      unsupportedParam(ctx, 'document', 'documents are not translated to Converse yet')
      continue
    }
    const image = imageBlock(part.url, ctx)
    if (image !== undefined) blocks.push(image)
  }
  return blocks
}

/** Converse takes image bytes only (ImageSource `bytes`, or an S3 location): no web URLs. */
function imageBlock(url: string, ctx: CallContext): JsonObject | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url)
  if (match === null) {
    if (url.startsWith('data:')) {
      throw new GatewayError('invalid_request', 'An image data URL must have the form data:<mime>;base64,<data>.', {
        param: 'messages',
      })
    }
    unsupportedParam(ctx, 'messages', 'image URLs; send images as base64 data: URLs')
    return undefined
  }
  const format = IMAGE_FORMATS[match[1].toLowerCase()]
  if (format === undefined) {
    throw new GatewayError('invalid_request', `Image type '${match[1]}' is not supported by provider '${ctx.provider.name}' (png, jpeg, gif, webp).`, {
      param: 'messages',
    })
  }
  return { image: { format, source: { bytes: match[2] } } }
}

function textBlocks(content: string | ContentPart[], ctx: CallContext, where: string): JsonObject[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }]
  const blocks: JsonObject[] = []
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ text: part.text })
    } else {
      unsupportedParam(ctx, 'messages', `images in ${where} messages`)
    }
  }
  return blocks
}
