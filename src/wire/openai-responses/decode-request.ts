import type { ChatMessage, ChatRequest, JsonObject, ReasoningRequest, ResponseFormat, SamplingParams } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { asNumber, asString, isObject, readArray } from '../json.js'
import type { RequestSchemas } from '../validate.js'
import { itemsToMessages } from './decode-items.js'
import { decodeToolChoice, decodeTools, type ToolMap } from './decode-tools.js'
import { responsesRequestSchema } from './request-schema.js'
import { collectUntranslatable, type Untranslatable } from './untranslatable.js'

/** A Responses request, decoded: what translation needs, and what the door keeps or echoes. */
export interface DecodedResponses {
  /** The canonical request without the stored conversation (the door prepends it; see withHistory). */
  request: ChatRequest
  requestedModel: string
  /** The body as parsed: echoed fields are read from it. */
  raw: JsonObject
  /** The input as items (a string input becomes one user message item): what input_items lists. */
  inputItems: JsonObject[]
  instructions?: string
  tools: ToolMap
  untranslatable: Untranslatable
  /** `store` (default true): the response and its input are kept for retrieval and continuation. */
  store: boolean
  previousResponseId?: string
  /** `include` asked for reasoning.encrypted_content. */
  includeEncrypted: boolean
}

/** Top-level parameters translation reads or may ignore (hints); every other one is named on translation. */
const KNOWN = new Set([
  'model', 'input', 'instructions', 'stream', 'stream_options', 'store', 'previous_response_id', 'tools', 'tool_choice',
  'parallel_tool_calls', 'temperature', 'top_p', 'top_logprobs', 'max_output_tokens', 'text', 'reasoning', 'include',
  'metadata', 'truncation', 'user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier',
  'max_tool_calls', 'background',
  // The gateway's own: read and checked by the door (providers/provider-options.ts).
  'provider_options',
])

/** Known parameters that only OpenAI's own Responses API can serve. */
const SERVER_SIDE: Readonly<Record<string, string>> = {
  conversation: "conversations are kept by OpenAI's Conversations API",
  prompt: 'stored prompt templates live in OpenAI',
  context_management: "context management is done by OpenAI's Responses API",
}

export function createResponsesDecoder(schemas: RequestSchemas): (body: unknown) => DecodedResponses {
  const validate = schemas.validator(responsesRequestSchema)
  return (body) => {
    validate(body)
    if (!isObject(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object.')
    return decodeResponsesRequest(body)
  }
}

function decodeResponsesRequest(raw: JsonObject): DecodedResponses {
  const out = collectUntranslatable()
  for (const key of Object.keys(raw)) {
    const serverSide = SERVER_SIDE[key]
    if (serverSide !== undefined && raw[key] !== null) out.add(key, serverSide)
    else if (!KNOWN.has(key)) out.add(key, 'not a Responses API parameter the gateway can translate')
  }
  if (raw.background === true) out.add('background', "background responses are run by OpenAI's Responses API")
  const inputItems = normaliseInput(raw.input)
  const instructions = asString(raw.instructions)
  const decodedTools = decodeTools(raw.tools, out)
  const { choice, tools } = decodeToolChoice(raw.tool_choice, decodedTools, out)
  const stream = raw.stream === true
  const request: ChatRequest = {
    model: asString(raw.model) ?? '',
    messages: [...instructionMessages(instructions), ...itemsToMessages(inputItems, 'input', out)],
    stream,
    includeUsage: stream,
    params: decodeParams(raw),
  }
  if (tools.length > 0) request.tools = tools
  if (choice !== undefined) request.toolChoice = choice
  if (typeof raw.parallel_tool_calls === 'boolean') request.parallelToolCalls = raw.parallel_tool_calls
  const format = decodeFormat(raw.text)
  if (format !== undefined) request.responseFormat = format
  const reasoning = decodeReasoning(raw.reasoning)
  if (reasoning !== undefined) request.reasoning = reasoning
  checkToolChoice(request)
  if (request.messages.length === 0 && raw.previous_response_id === undefined) {
    throw new GatewayError('invalid_request', "Missing required parameter: 'input'.", { param: 'input', code: 'missing_required_parameter' })
  }
  const decoded: DecodedResponses = {
    request,
    requestedModel: request.model,
    raw,
    inputItems,
    tools: decodedTools.map,
    untranslatable: out,
    store: raw.store !== false,
    includeEncrypted: readArray(raw.include).includes('reasoning.encrypted_content'),
  }
  if (instructions !== undefined) decoded.instructions = instructions
  const previous = asString(raw.previous_response_id)
  if (previous !== undefined) decoded.previousResponseId = previous
  return decoded
}

/**
 * The canonical messages with a stored conversation before the new input: the instructions of
 * this request first (a previous response's instructions are not carried over, as in OpenAI's API).
 */
export function withHistory(decoded: DecodedResponses, history: readonly unknown[]): ChatRequest {
  if (history.length === 0) return decoded.request
  const out = collectUntranslatable()
  const messages = [...instructionMessages(decoded.instructions), ...itemsToMessages(history, 'previous_response_id', out), ...itemsToMessages(decoded.inputItems, 'input', decoded.untranslatable)]
  for (const { param, why } of out.list) decoded.untranslatable.add(param, why)
  return { ...decoded.request, messages }
}

function instructionMessages(instructions: string | undefined): ChatMessage[] {
  return instructions === undefined || instructions === '' ? [] : [{ role: 'system', content: instructions }]
}

/** A string input is one user message; shorthand `{role, content}` items get their `type`. */
function normaliseInput(input: unknown): JsonObject[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }]
  return readArray(input)
    .filter(isObject)
    .map((item) => (item.type === undefined ? { type: 'message', ...item } : item))
}

function decodeParams(raw: JsonObject): SamplingParams {
  const p: SamplingParams = {}
  const temperature = asNumber(raw.temperature)
  if (temperature !== undefined) p.temperature = temperature
  const topP = asNumber(raw.top_p)
  if (topP !== undefined) p.topP = topP
  const max = asNumber(raw.max_output_tokens)
  if (max !== undefined) p.maxTokens = max
  const user = asString(raw.safety_identifier) ?? asString(raw.user)
  if (user !== undefined) p.user = user
  const topLogprobs = asNumber(raw.top_logprobs)
  if (readArray(raw.include).includes('message.output_text.logprobs')) p.logprobs = true
  if (topLogprobs !== undefined && topLogprobs > 0) {
    p.logprobs = true
    p.topLogprobs = topLogprobs
  }
  return p
}

function decodeFormat(text: unknown): ResponseFormat | undefined {
  if (!isObject(text) || !isObject(text.format)) return undefined
  const f = text.format
  if (f.type === 'json_object') return { type: 'json_object' }
  if (f.type !== 'json_schema') return undefined
  const format: ResponseFormat = { type: 'json_schema', name: asString(f.name) ?? 'response', schema: isObject(f.schema) ? f.schema : {} }
  if (typeof f.strict === 'boolean') format.strict = f.strict
  const description = asString(f.description)
  if (description !== undefined) format.description = description
  return format
}

function decodeReasoning(raw: unknown): ReasoningRequest | undefined {
  if (!isObject(raw)) return undefined
  const reasoning: ReasoningRequest = {}
  const effort = raw.effort
  if (effort === 'none' || effort === 'minimal' || effort === 'low' || effort === 'medium' || effort === 'high' || effort === 'xhigh') reasoning.effort = effort
  const summary = raw.summary ?? raw.generate_summary
  if (summary === 'auto' || summary === 'concise' || summary === 'detailed') reasoning.summary = summary
  return reasoning.effort === undefined && reasoning.summary === undefined ? undefined : reasoning
}

function checkToolChoice(request: ChatRequest): void {
  const choice = request.toolChoice
  if (choice === undefined || typeof choice === 'string') return
  if (!request.tools?.some((t) => t.name === choice.name)) {
    throw new GatewayError('invalid_request', `tool_choice names the tool '${choice.name}', which is not in 'tools'.`, { param: 'tool_choice' })
  }
}
