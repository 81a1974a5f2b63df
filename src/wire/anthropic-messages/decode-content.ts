import type { CacheHint, ContentPart, DocumentSource, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { asArray, asBoolean, asObject, asString, readObject, type JsonObject } from '../json.js'
import { readSignature } from './signature.js'

/** What the decoder collects on the way: the parts it cannot carry, and the deferred tools a tool_result loaded. */
export interface DecodeSink {
  untranslatable: { param: string; why: string }[]
  /** Tools named by `tool_reference` blocks (Anthropic's tool search): their deferred definitions are sent. */
  referencedTools: Set<string>
}

export function refuse(sink: DecodeSink, param: string, why: string): undefined {
  sink.untranslatable.push({ param, why })
  return undefined
}

export function cacheHint(block: JsonObject): CacheHint | undefined {
  const control = asObject(block.cache_control)
  if (control === undefined) return undefined
  const ttl = control.ttl
  return ttl === '5m' || ttl === '1h' ? { ttl } : {}
}

/** A text, image or document block (in a user turn, a system prompt or a tool result) → a canonical part. */
export function decodePart(block: JsonObject, path: string, sink: DecodeSink): ContentPart | undefined {
  const cache = cacheHint(block)
  const withCache = <T extends ContentPart>(part: T): T => (cache === undefined ? part : { ...part, cache })
  switch (block.type) {
    case 'text':
      return withCache({ type: 'text', text: asString(block.text) ?? '' })
    case 'image': {
      const url = imageUrl(readObject(block.source))
      return url === undefined ? refuse(sink, `${path}.source`, `image source type '${String(readObject(block.source).type)}' cannot be translated (send base64 or url)`) : withCache({ type: 'image', url })
    }
    case 'document': {
      const source = documentSource(readObject(block.source))
      if (source === undefined) return refuse(sink, `${path}.source`, `document source type '${String(readObject(block.source).type)}' cannot be translated (send base64, text, content or url)`)
      const part: ContentPart = { type: 'document', source }
      const title = asString(block.title)
      if (title !== undefined) part.title = title
      return withCache(part)
    }
    default:
      return refuse(sink, path, `content of type '${String(block.type)}' has no equivalent outside Anthropic`)
  }
}

function imageUrl(source: JsonObject): string | undefined {
  if (source.type === 'base64') return `data:${asString(source.media_type) ?? 'application/octet-stream'};base64,${asString(source.data) ?? ''}`
  if (source.type === 'url') return asString(source.url)
  return undefined
}

function documentSource(source: JsonObject): DocumentSource | undefined {
  switch (source.type) {
    case 'base64':
      return { kind: 'base64', mediaType: asString(source.media_type) ?? 'application/pdf', data: asString(source.data) ?? '' }
    case 'text':
      return { kind: 'text', text: asString(source.data) ?? '' }
    case 'url':
      return { kind: 'url', url: asString(source.url) ?? '' }
    case 'content': {
      // A custom document: its text blocks, in order (images in it have no home in a text document).
      const content = asArray(source.content)
      if (content === undefined) return typeof source.content === 'string' ? { kind: 'text', text: source.content } : undefined
      if (content.some((b) => readObject(b).type !== 'text')) return undefined
      return { kind: 'text', text: content.map((b) => asString(readObject(b).text) ?? '').join('\n') }
    }
    default:
      return undefined
  }
}

/** A tool_result's content: a string, or parts (text, images, documents, and tool references, which load deferred tools). */
export function toolResultContent(block: JsonObject, path: string, sink: DecodeSink): string | ContentPart[] {
  const cache = cacheHint(block)
  const content = block.content
  if (content === undefined || typeof content === 'string') {
    const textValue = content ?? ''
    return cache === undefined ? textValue : [{ type: 'text', text: textValue, cache }]
  }
  const parts: ContentPart[] = []
  asArray(content)?.forEach((raw, i) => {
    const item = readObject(raw)
    if (item.type === 'tool_reference') {
      const name = asString(item.tool_name) ?? ''
      sink.referencedTools.add(name)
      parts.push({ type: 'text', text: `Tool '${name}' is now available.` })
      return
    }
    const part = decodePart(item, `${path}.content[${i}]`, sink)
    if (part !== undefined) parts.push(part)
  })
  return parts
}

/** A thinking or redacted_thinking block → a reasoning block whose origin is read off its signature; undefined when it carries nothing. */
export function reasoningBlock(block: JsonObject): ReasoningBlock | undefined {
  if (block.type === 'redacted_thinking') {
    const { origin, data } = readSignature(asString(block.data) ?? '')
    return data === undefined ? undefined : { text: '', redacted: data, origin }
  }
  const { origin, data } = readSignature(asString(block.signature) ?? '')
  const out: ReasoningBlock = { text: asString(block.thinking) ?? '', origin }
  if (data !== undefined) out.signature = data
  return out
}

export function toolCall(block: JsonObject): ToolCall {
  return { id: asString(block.id) ?? '', name: asString(block.name) ?? '', arguments: JSON.stringify(readObject(block.input)) }
}

export function isError(block: JsonObject): boolean {
  return asBoolean(block.is_error) === true
}
