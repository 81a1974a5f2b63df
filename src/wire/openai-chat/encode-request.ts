import { assertNever, type ChatMessage, type ChatRequest, type ContentPart, type JsonObject, type ToolChoice } from '../../canonical/chat.js'

export interface EncodeOptions {
  /** A part of the request this protocol cannot carry: refuses (throws) or records it, as the route says. */
  unsupported(param: string, why: string): void
}

/**
 * A canonical request as an OpenAI chat completions body: what an OpenAI-compatible upstream
 * gets when the client spoke another protocol (Anthropic Messages, Responses). A request from
 * the chat front door never comes here: its own bytes pass through.
 */
export function encodeChatRequest(req: ChatRequest, opts: EncodeOptions): JsonObject {
  const body: JsonObject = { model: req.model, messages: encodeMessages(req.messages, opts) }
  if (req.stream) {
    body.stream = true
    // The gateway counts tokens from the usage chunk; the front door decides what the client sees.
    body.stream_options = { include_usage: true }
  }
  Object.assign(body, encodeParams(req))
  if (req.tools !== undefined && req.tools.length > 0) {
    body.tools = req.tools.map((t) => {
      const fn: JsonObject = { name: t.name }
      if (t.description !== undefined) fn.description = t.description
      if (t.parameters !== undefined) fn.parameters = t.parameters
      if (t.strict !== undefined) fn.strict = t.strict
      return { type: 'function', function: fn }
    })
  }
  if (req.toolChoice !== undefined) body.tool_choice = encodeToolChoice(req.toolChoice)
  if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls
  const format = req.responseFormat
  if (format !== undefined && format.type !== 'text') {
    body.response_format =
      format.type === 'json_object'
        ? { type: 'json_object' }
        : { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict === undefined ? {} : { strict: format.strict }), ...(format.description === undefined ? {} : { description: format.description }) } }
  }
  if (req.reasoning?.effort !== undefined) body.reasoning_effort = req.reasoning.effort
  else if (req.reasoning?.budgetTokens !== undefined) opts.unsupported('reasoning', 'OpenAI-compatible chat takes a reasoning effort, not a token budget')
  return body
}

function encodeParams(req: ChatRequest): JsonObject {
  const p = req.params
  const out: JsonObject = {}
  if (p.temperature !== undefined) out.temperature = p.temperature
  if (p.topP !== undefined) out.top_p = p.topP
  if (p.maxTokens !== undefined) out.max_tokens = p.maxTokens
  if (p.stop !== undefined && p.stop.length > 0) out.stop = p.stop
  if (p.seed !== undefined) out.seed = p.seed
  if (p.user !== undefined) out.user = p.user
  if (p.n !== undefined) out.n = p.n
  if (p.presencePenalty !== undefined) out.presence_penalty = p.presencePenalty
  if (p.frequencyPenalty !== undefined) out.frequency_penalty = p.frequencyPenalty
  if (p.logitBias !== undefined) out.logit_bias = p.logitBias
  if (p.logprobs !== undefined) out.logprobs = p.logprobs
  if (p.topLogprobs !== undefined) out.top_logprobs = p.topLogprobs
  // Not in OpenAI's API, but vLLM, llama.cpp and other compatible servers read it.
  if (p.topK !== undefined) out.top_k = p.topK
  return out
}

function encodeToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } }
}

/**
 * The messages in order, with one change: chat's tool messages take text only, so images and
 * documents a tool returned (an agent's screenshot) follow the run of tool results as one user
 * message, where chat takes them; a tool message between them would break the run that must
 * directly follow the assistant's tool calls.
 */
function encodeMessages(messages: readonly ChatMessage[], opts: EncodeOptions): JsonObject[] {
  const out: JsonObject[] = []
  let media: JsonObject[] = []
  for (const m of messages) {
    if (m.role !== 'tool' && media.length > 0) {
      out.push({ role: 'user', content: media })
      media = []
    }
    if (m.role === 'tool' && typeof m.content !== 'string' && m.content.some((p) => p.type !== 'text')) {
      const attached = encodeContent(m.content.filter((p) => p.type !== 'text'), opts)
      const text = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('')
      out.push({ role: 'tool', tool_call_id: m.toolCallId, content: text === '' ? `[the result is attached in the next message]` : text })
      if (Array.isArray(attached)) media.push(...attached)
      continue
    }
    out.push(encodeMessage(m, opts))
  }
  if (media.length > 0) out.push({ role: 'user', content: media })
  return out
}

function encodeMessage(m: ChatMessage, opts: EncodeOptions): JsonObject {
  switch (m.role) {
    case 'system':
    case 'developer':
    case 'user': {
      const out: JsonObject = { role: m.role, content: encodeContent(m.content, opts) }
      if (m.name !== undefined) out.name = m.name
      return out
    }
    case 'assistant': {
      const out: JsonObject = { role: 'assistant', content: m.content === null ? null : encodeContent(m.content, opts) }
      if (m.toolCalls !== undefined && m.toolCalls.length > 0) {
        out.tool_calls = m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }))
      }
      // Reasoning text goes back where DeepSeek and vLLM read it; signed or redacted blocks
      // belong to the provider that made them and are not sent to another.
      const reasoning = m.reasoning?.filter((b) => b.redacted === undefined).map((b) => b.text).join('')
      if (reasoning !== undefined && reasoning !== '') out.reasoning_content = reasoning
      if (m.name !== undefined) out.name = m.name
      return out
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: encodeContent(m.content, opts) }
    default:
      return assertNever(m)
  }
}

function encodeContent(content: string | ContentPart[], opts: EncodeOptions): string | JsonObject[] {
  if (typeof content === 'string') return content
  return content.flatMap((part): JsonObject[] => {
    switch (part.type) {
      case 'text':
        return [{ type: 'text', text: part.text }]
      case 'image':
        return [{ type: 'image_url', image_url: part.detail === undefined ? { url: part.url } : { url: part.url, detail: part.detail } }]
      case 'document':
        return encodeDocument(part, opts)
      default:
        return assertNever(part)
    }
  })
}

/** OpenAI chat takes PDFs as `file` parts (base64 data URLs); text documents become text. */
function encodeDocument(part: Extract<ContentPart, { type: 'document' }>, opts: EncodeOptions): JsonObject[] {
  const { source } = part
  switch (source.kind) {
    case 'text':
      return [{ type: 'text', text: part.title === undefined ? source.text : `${part.title}\n\n${source.text}` }]
    case 'base64':
      return [{ type: 'file', file: { file_data: `data:${source.mediaType};base64,${source.data}`, filename: part.filename ?? part.title ?? 'document.pdf' } }]
    case 'url':
      opts.unsupported('document', 'OpenAI-compatible chat takes documents inline (base64), not by URL')
      return []
    default:
      return assertNever(source)
  }
}
