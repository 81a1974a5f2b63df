import type { Ajv } from 'ajv'
import type { ChatMessage, ChatRequest, ContentPart, JsonObject, ReasoningEffort, ResponseFormat, SamplingParams, ToolChoice, ToolDefinition } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { chatRequestSchema } from './request-schema.js'
import { compileValidator } from '../validate.js'

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

type Raw = Record<string, unknown>

/** The chat decoder, its schema compiled once with the app's Ajv. */
export function createChatDecoder(ajv: Ajv): (body: unknown) => DecodedChat {
  const validate = compileValidator(ajv, chatRequestSchema)
  return (body) => {
    validate(body)
    return decodeChatRequest(body as Raw)
  }
}

function decodeChatRequest(raw: Raw): DecodedChat {
  const unmodelled: string[] = []
  const messages = (raw.messages as Raw[]).map((m, i) => decodeMessage(m, `messages[${i}]`, unmodelled))
  const stream = raw.stream === true
  const streamOptions = raw.stream_options as Raw | null | undefined
  const request: ChatRequest = {
    model: raw.model as string,
    messages,
    stream,
    includeUsage: stream && streamOptions?.include_usage === true,
    params: decodeParams(raw),
  }
  if (Array.isArray(raw.tools)) request.tools = (raw.tools as Raw[]).map(decodeTool)
  if (raw.tool_choice !== undefined && raw.tool_choice !== null) request.toolChoice = decodeToolChoice(raw.tool_choice)
  if (typeof raw.parallel_tool_calls === 'boolean') request.parallelToolCalls = raw.parallel_tool_calls
  if (raw.response_format !== undefined && raw.response_format !== null) request.responseFormat = decodeResponseFormat(raw.response_format as Raw)
  // The schema admits only the known efforts.
  if (typeof raw.reasoning_effort === 'string') request.reasoning = { effort: raw.reasoning_effort as ReasoningEffort }
  if (request.toolChoice !== undefined && typeof request.toolChoice === 'object') {
    const name = request.toolChoice.name
    if (!request.tools?.some((t) => t.name === name)) {
      throw new GatewayError('invalid_request', `tool_choice names function '${name}', which is not in 'tools'.`, { param: 'tool_choice' })
    }
  }
  return { request, requestedModel: raw.model as string, unmodelled, raw: raw as JsonObject }
}

function decodeParams(raw: Raw): SamplingParams {
  const p: SamplingParams = {}
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : undefined)
  p.temperature = num('temperature')
  p.topP = num('top_p')
  p.maxTokens = num('max_completion_tokens') ?? num('max_tokens')
  if (typeof raw.stop === 'string') p.stop = [raw.stop]
  else if (Array.isArray(raw.stop)) p.stop = raw.stop as string[]
  p.seed = num('seed')
  if (typeof raw.user === 'string') p.user = raw.user
  p.n = num('n')
  p.presencePenalty = num('presence_penalty')
  p.frequencyPenalty = num('frequency_penalty')
  if (raw.logit_bias !== null && typeof raw.logit_bias === 'object') p.logitBias = raw.logit_bias as Record<string, number>
  if (typeof raw.logprobs === 'boolean') p.logprobs = raw.logprobs
  p.topLogprobs = num('top_logprobs')
  for (const key of Object.keys(p) as (keyof SamplingParams)[]) if (p[key] === undefined) delete p[key]
  return p
}

function decodeContent(content: unknown, path: string, unmodelled: string[]): string | ContentPart[] {
  if (typeof content === 'string') return content
  const parts: ContentPart[] = []
  ;(content as Raw[]).forEach((part, i) => {
    if (part.type === 'text' && typeof part.text === 'string') parts.push({ type: 'text', text: part.text })
    else if (part.type === 'image_url' && part.image_url !== undefined) {
      const img = part.image_url
      if (typeof img === 'string') parts.push({ type: 'image', url: img })
      else {
        const o = img as Raw
        const image: ContentPart = { type: 'image', url: o.url as string }
        if (o.detail === 'auto' || o.detail === 'low' || o.detail === 'high') image.detail = o.detail
        parts.push(image)
      }
    } else unmodelled.push(`${path}.content[${i}] (type ${String(part.type)})`)
  })
  return parts
}

function decodeMessage(m: Raw, path: string, unmodelled: string[]): ChatMessage {
  const name = typeof m.name === 'string' ? m.name : undefined
  switch (m.role) {
    case 'system':
    case 'developer':
    case 'user': {
      const msg: ChatMessage = { role: m.role, content: decodeContent(m.content, path, unmodelled) }
      if (name !== undefined) msg.name = name
      return msg
    }
    case 'assistant': {
      const content = m.content === undefined || m.content === null ? null : decodeContent(m.content, path, unmodelled)
      const msg: ChatMessage = { role: 'assistant', content }
      if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
        msg.toolCalls = (m.tool_calls as Raw[]).map((c) => {
          const fn = c.function as Raw
          return { id: c.id as string, name: fn.name as string, arguments: typeof fn.arguments === 'string' ? fn.arguments : '{}' }
        })
      }
      if (typeof m.reasoning_content === 'string' && m.reasoning_content !== '') msg.reasoning = [{ text: m.reasoning_content }]
      if (name !== undefined) msg.name = name
      return msg
    }
    case 'tool':
      return { role: 'tool', toolCallId: m.tool_call_id as string, content: decodeContent(m.content, path, unmodelled) }
    default:
      throw new GatewayError('invalid_request', `Invalid value for '${path}.role'.`, { param: `${path}.role` })
  }
}

function decodeTool(t: Raw): ToolDefinition {
  const fn = t.function as Raw
  const tool: ToolDefinition = { name: fn.name as string }
  if (typeof fn.description === 'string') tool.description = fn.description
  if (fn.parameters !== undefined && fn.parameters !== null) tool.parameters = fn.parameters as JsonObject
  if (typeof fn.strict === 'boolean') tool.strict = fn.strict
  return tool
}

function decodeToolChoice(choice: unknown): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice
  return { name: ((choice as Raw).function as Raw).name as string }
}

function decodeResponseFormat(rf: Raw): ResponseFormat {
  if (rf.type === 'json_schema') {
    const js = rf.json_schema as Raw
    const out: ResponseFormat = { type: 'json_schema', name: js.name as string, schema: (js.schema as JsonObject | undefined) ?? {} }
    if (typeof js.strict === 'boolean') out.strict = js.strict
    if (typeof js.description === 'string') out.description = js.description
    return out
  }
  return rf.type === 'json_object' ? { type: 'json_object' } : { type: 'text' }
}
