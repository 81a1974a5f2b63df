import { decodeReasoningDetails } from './reasoning-details.js'
import type { ChatMessage, ChatRequest, ContentPart, JsonObject, ResponseFormat, SamplingParams, ToolChoice, ToolDefinition } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { RequestSchemas } from '../validate.js'
import type { ChatBody, ChatContent, ChatMessageBody } from './request-schema.js'
import { CHAT_REQUEST_SCHEMA } from './request-schema.generated.js'

/**
 * A validated OpenAI chat body → the canonical ChatRequest. Content parts the canonical model
 * does not carry (audio, files) are listed in `unmodelled` so that non-OpenAI providers can
 * refuse them instead of silently losing them; OpenAI-compatible upstreams get `raw` anyway.
 */
export interface DecodedChat {
  request: ChatRequest
  /** The model string the client asked for (alias or provider/model). */
  requestedModel: string
  unmodelled: string[]
  /** The client's body as parsed: what an OpenAI-compatible upstream gets back, model replaced. */
  raw: JsonObject
}

/** The chat decoder, its schema compiled once (on first use) by the app's RequestSchemas. */
export function createChatDecoder(schemas: RequestSchemas): (body: unknown) => DecodedChat {
  const validate = schemas.validator<ChatBody>(CHAT_REQUEST_SCHEMA)
  return (body) => decodeChatRequest(validate(body))
}

function decodeChatRequest(body: ChatBody): DecodedChat {
  const unmodelled: string[] = []
  const messages = body.messages.map((m, i) => decodeMessage(m, `messages[${i}]`, unmodelled))
  const stream = body.stream === true
  const request: ChatRequest = {
    model: body.model,
    messages,
    stream,
    includeUsage: stream && body.stream_options?.include_usage === true,
    params: decodeParams(body),
  }
  if (body.tools !== undefined) request.tools = body.tools.map(decodeTool)
  if (body.tool_choice !== undefined && body.tool_choice !== null) request.toolChoice = decodeToolChoice(body.tool_choice)
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls
  if (body.response_format !== undefined && body.response_format !== null) request.responseFormat = decodeResponseFormat(body.response_format)
  if (body.reasoning_effort !== undefined && body.reasoning_effort !== null) request.reasoning = { effort: body.reasoning_effort }
  if (request.toolChoice !== undefined && typeof request.toolChoice === 'object') {
    const name = request.toolChoice.name
    if (!request.tools?.some((t) => t.name === name)) {
      throw new GatewayError('invalid_request', `tool_choice names function '${name}', which is not in 'tools'.`, { param: 'tool_choice' })
    }
  }
  return { request, requestedModel: body.model, unmodelled, raw: body }
}

function decodeParams(body: ChatBody): SamplingParams {
  const p: SamplingParams = {}
  const set = <K extends keyof SamplingParams>(key: K, value: SamplingParams[K] | null | undefined) => {
    if (value !== undefined && value !== null) p[key] = value
  }
  set('temperature', body.temperature)
  set('topP', body.top_p)
  set('maxTokens', body.max_completion_tokens ?? body.max_tokens)
  set('stop', typeof body.stop === 'string' ? [body.stop] : body.stop)
  set('seed', body.seed)
  set('user', body.user)
  set('n', body.n)
  set('presencePenalty', body.presence_penalty)
  set('frequencyPenalty', body.frequency_penalty)
  set('logitBias', body.logit_bias)
  set('logprobs', body.logprobs)
  set('topLogprobs', body.top_logprobs)
  return p
}

function decodeContent(content: ChatContent, path: string, unmodelled: string[]): string | ContentPart[] {
  if (typeof content === 'string') return content
  const parts: ContentPart[] = []
  content.forEach((part, i) => {
    if (part.type === 'text' && part.text !== undefined) parts.push({ type: 'text', text: part.text })
    else if (part.type === 'image_url' && part.image_url !== undefined) {
      const img = part.image_url
      if (typeof img === 'string') parts.push({ type: 'image', url: img })
      else parts.push(img.detail === undefined ? { type: 'image', url: img.url } : { type: 'image', url: img.url, detail: img.detail })
    } else unmodelled.push(`${path}.content[${i}] (type ${part.type})`)
  })
  return parts
}

function decodeMessage(m: ChatMessageBody, path: string, unmodelled: string[]): ChatMessage {
  const named = <T extends ChatMessage>(msg: T): T => (m.name === undefined ? msg : { ...msg, name: m.name })
  switch (m.role) {
    case 'system':
    case 'developer':
      return named({ role: m.role, content: decodeContent(m.content, path, unmodelled) })
    case 'user':
      return named({ role: 'user', content: decodeContent(m.content, path, unmodelled) })
    case 'assistant': {
      const msg: ChatMessage = { role: 'assistant', content: m.content === undefined || m.content === null ? null : decodeContent(m.content, path, unmodelled) }
      if (m.tool_calls !== undefined && m.tool_calls.length > 0) {
        msg.toolCalls = m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments ?? '{}' }))
      }
      // reasoning_details carry the signatures; reasoning_content is the text alone.
      const details = decodeReasoningDetails(m.reasoning_details)
      if (details !== undefined) msg.reasoning = details
      else if (m.reasoning_content !== undefined && m.reasoning_content !== '') msg.reasoning = [{ text: m.reasoning_content }]
      return named(msg)
    }
    case 'tool':
      return { role: 'tool', toolCallId: m.tool_call_id, content: decodeContent(m.content, path, unmodelled) }
  }
}

function decodeTool(t: NonNullable<ChatBody['tools']>[number]): ToolDefinition {
  const fn = t.function
  const tool: ToolDefinition = { name: fn.name }
  if (fn.description !== undefined) tool.description = fn.description
  if (fn.parameters !== undefined) tool.parameters = fn.parameters
  if (typeof fn.strict === 'boolean') tool.strict = fn.strict
  return tool
}

function decodeToolChoice(choice: NonNullable<ChatBody['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name }
}

function decodeResponseFormat(rf: NonNullable<ChatBody['response_format']>): ResponseFormat {
  if (rf.type !== 'json_schema') return { type: rf.type }
  const js = rf.json_schema
  const out: ResponseFormat = { type: 'json_schema', name: js.name, schema: js.schema ?? {} }
  if (typeof js.strict === 'boolean') out.strict = js.strict
  if (js.description !== undefined) out.description = js.description
  return out
}
