import type { ContentPart, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { asObject, type JsonObject } from '../../wire/json.js'

/** One Anthropic content block as it goes on the wire. */
export type Block = JsonObject

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s

/**
 * An image part → an `image` block: a base64 data URL becomes a `base64` source, anything
 * else a `url` source (Messages API `ImageBlockParam`, `Base64ImageSource` / `URLImageSource`
 * in @anthropic-ai/sdk messages.d.ts).
 */
export function imageBlock(url: string): Block {
  const data = DATA_URL.exec(url)
  if (data !== null) return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } }
  if (url.startsWith('data:')) {
    throw new GatewayError('invalid_request', 'Image data URLs must be base64-encoded (data:<mime>;base64,<data>).', {
      param: 'messages',
    })
  }
  return { type: 'image', source: { type: 'url', url } }
}

/** A document part → Anthropic's `document` block (PDF or text, inline or by URL). */
function documentBlock(part: Extract<ContentPart, { type: 'document' }>): Block {
  const { source } = part
  const block: Block = { type: 'document' }
  switch (source.kind) {
    case 'base64':
      block.source = { type: 'base64', media_type: source.mediaType, data: source.data }
      break
    case 'url':
      block.source = { type: 'url', url: source.url }
      break
    case 'text':
      block.source = { type: 'text', media_type: 'text/plain', data: source.text }
      break
  }
  if (part.title !== undefined) block.title = part.title
  return block
}

/** Text and image parts → blocks. Empty text is dropped: Anthropic rejects empty text blocks. */
export function contentBlocks(content: string | ContentPart[] | null): Block[] {
  if (content === null) return []
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }]
  const blocks: Block[] = []
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ type: 'text', text: part.text })
    } else if (part.type === 'image') {
      blocks.push(imageBlock(part.url))
    } else {
      blocks.push(documentBlock(part))
    }
  }
  return blocks
}

/** Like contentBlocks, for places that take text only (system prompts, assistant turns). */
export function textBlocks(content: string | ContentPart[] | null, ctx: CallContext, where: string): Block[] {
  if (content === null || typeof content === 'string') return contentBlocks(content)
  const blocks: Block[] = []
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ type: 'text', text: part.text })
    } else {
      unsupportedParam(ctx, 'messages[].content.image_url', `Anthropic accepts images only in user and tool messages, not in ${where}`)
    }
  }
  return blocks
}

/** An assistant's tool call → a `tool_use` block, its JSON arguments parsed back into `input`. */
export function toolUseBlock(call: ToolCall): Block {
  return { type: 'tool_use', id: call.id, name: call.name, input: parseArguments(call) }
}

function parseArguments(call: ToolCall): JsonObject {
  // OpenAI clients send "" for a call without arguments; Anthropic wants an object.
  if (call.arguments.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(call.arguments)
  } catch {
    throw new GatewayError('invalid_request', `The arguments of tool call '${call.id}' are not valid JSON.`, { param: 'messages' })
  }
  const input = asObject(parsed)
  if (input === undefined) {
    throw new GatewayError('invalid_request', `The arguments of tool call '${call.id}' must be a JSON object.`, { param: 'messages' })
  }
  return input
}

/** A tool message → a `tool_result` block keyed by the call id; text stays a string. */
export function toolResultBlock(toolCallId: string, content: string | ContentPart[]): Block {
  return { type: 'tool_result', tool_use_id: toolCallId, content: typeof content === 'string' ? content : contentBlocks(content) }
}
