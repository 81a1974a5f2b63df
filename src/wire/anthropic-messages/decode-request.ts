import type { ChatRequest, ReasoningEffort, ReasoningRequest, ResponseFormat, SamplingParams } from '../../canonical/chat.js'
import { asArray, asNumber, asObject, asString, isObject, readArray, readObject, type JsonObject } from '../json.js'
import type { RequestSchemas } from '../validate.js'
import { refuse, type DecodeSink } from './decode-content.js'
import { decodeConversation } from './decode-messages.js'
import { decodeToolChoice, decodeTools, toolsToSend } from './decode-tools.js'
import { countTokensRequestSchema, messagesRequestSchema } from './request-schema.js'

/** A validated Messages body, decoded. */
export interface DecodedMessages {
  /** The request in canonical form (without what `untranslatable` lists). */
  request: ChatRequest
  /** The model the client named (an alias or provider/model). */
  requestedModel: string
  /** What the canonical model cannot carry: refused by name on translation, unless the route drops it. */
  untranslatable: { param: string; why: string }[]
  /** The body as parsed: what a native upstream gets back (re-serialised only in rare cases, see passthrough-body.ts). */
  raw: JsonObject
  /** `thinking.display: "omitted"`: thinking blocks go out without their text (their signatures still do). */
  omitThinking: boolean
  /** Advisory fields a translation leaves out (logged as dropped): see ADVISORY and decodeReasoning. */
  leftOut: string[]
}

/**
 * Top-level fields read here, and those a translation may leave out without changing what the
 * model is asked: `context_management` (Anthropic trims the context server-side; without it the
 * upstream sees the whole conversation the client sent), `cache_control` (a prompt-caching hint),
 * `service_tier` (Anthropic's capacity tier) and `metadata` (`user_id`, a label for Anthropic's
 * abuse monitoring: Gemini and Bedrock have no such field and refuse OpenAI's `user`, OpenAI caps
 * `user` at 64 characters, and Claude Code sends a JSON blob of ~170; the gateway's own log
 * names the key). Any other field (`container`, `mcp_servers`, betas newer than this decoder) is
 * refused by name on translation.
 */
const READ = new Set(['model', 'messages', 'system', 'max_tokens', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'thinking', 'output_config', 'output_format'])
const ADVISORY = new Set(['context_management', 'cache_control', 'service_tier', 'metadata'])

const EFFORTS: Readonly<Record<string, ReasoningEffort>> = { low: 'low', medium: 'medium', high: 'high', max: 'xhigh' }

/** The decoders of /v1/messages and /v1/messages/count_tokens, their schemas compiled once with the app's Ajv. */
export function createMessagesDecoders(schemas: RequestSchemas): { messages: (body: unknown) => DecodedMessages; countTokens: (body: unknown) => DecodedMessages } {
  const messages = schemas.validator(messagesRequestSchema)
  const countTokens = schemas.validator(countTokensRequestSchema)
  return {
    messages: (body) => {
      messages(body)
      return decodeMessagesRequest(readObject(body))
    },
    countTokens: (body) => {
      countTokens(body)
      return decodeMessagesRequest(readObject(body))
    },
  }
}

function decodeMessagesRequest(raw: JsonObject): DecodedMessages {
  const sink: DecodeSink = { untranslatable: [], referencedTools: new Set() }
  const messages = decodeConversation(raw.system, readArray(raw.messages), sink)
  const tools = decodeTools(raw.tools, sink)
  const choice = decodeToolChoice(raw.tool_choice, tools)
  if (typeof choice.toolChoice === 'object') sink.referencedTools.add(choice.toolChoice.name)
  const stream = raw.stream === true
  // The Messages stream always ends with usage, so the gateway always asks for it.
  const request: ChatRequest = { model: asString(raw.model) ?? '', messages, stream, includeUsage: stream, params: decodeParams(raw) }
  const sent = toolsToSend(tools, sink.referencedTools)
  if (sent.length > 0) request.tools = sent
  if (choice.toolChoice !== undefined) request.toolChoice = choice.toolChoice
  if (choice.parallelToolCalls !== undefined) request.parallelToolCalls = choice.parallelToolCalls
  const reasoning = decodeReasoning(raw, sink)
  if (reasoning !== undefined) request.reasoning = reasoning
  const leftOut = Object.keys(raw).filter((key) => ADVISORY.has(key))
  if (reasoning === undefined) leftOut.push(...hintsLeftToTheModel(raw))
  const format = decodeFormat(asObject(raw.output_config)?.format ?? raw.output_format, sink)
  if (format !== undefined) request.responseFormat = format
  for (const key of Object.keys(raw)) {
    if (!READ.has(key) && !ADVISORY.has(key)) refuse(sink, key, 'an Anthropic feature with no equivalent outside Anthropic')
  }
  return { request, requestedModel: request.model, untranslatable: sink.untranslatable, raw, omitThinking: asObject(raw.thinking)?.display === 'omitted', leftOut }
}

function decodeParams(raw: JsonObject): SamplingParams {
  const p: SamplingParams = {}
  const maxTokens = asNumber(raw.max_tokens)
  if (maxTokens !== undefined) p.maxTokens = maxTokens
  const temperature = asNumber(raw.temperature)
  if (temperature !== undefined) p.temperature = temperature
  const topP = asNumber(raw.top_p)
  if (topP !== undefined) p.topP = topP
  const topK = asNumber(raw.top_k)
  if (topK !== undefined) p.topK = topK
  const stop = asArray(raw.stop_sequences)?.filter((s): s is string => typeof s === 'string')
  if (stop !== undefined && stop.length > 0) p.stop = stop
  return p
}

/**
 * `thinking` → the canonical reasoning request. Only an explicit `{type: "enabled",
 * budget_tokens}` asks for reasoning: its budget becomes `budgetTokens` (with the
 * `output_config.effort` that came with it as `effort`; `max` is the highest canonical effort),
 * which each adapter maps to its provider's control or refuses by name.
 *
 * `adaptive` thinking leaves whether and how much to think to the model, and `effort` alone is a
 * hint about thoroughness (Anthropic applies it to text and tool calls too): a translated model
 * decides for itself, as asked, so neither becomes a reasoning request. Sending them as one would
 * break every model that cannot reason (OpenAI's gpt-4o and gpt-4.1, Gemini 2.0, most Ollama
 * models refuse `reasoning_effort` / `think`), and adaptive thinking with effort is what Claude
 * Code sends by default.
 */
function decodeReasoning(raw: JsonObject, sink: DecodeSink): ReasoningRequest | undefined {
  const thinking = asObject(raw.thinking)
  const budget = thinking?.type === 'enabled' ? asNumber(thinking.budget_tokens) : undefined
  if (budget === undefined) return undefined
  const out: ReasoningRequest = { budgetTokens: budget }
  const effort = asString(asObject(raw.output_config)?.effort)
  if (effort !== undefined) {
    const mapped = EFFORTS[effort]
    if (mapped === undefined) refuse(sink, 'output_config.effort', `effort '${effort.slice(0, 40)}' has no equivalent outside Anthropic`)
    else out.effort = mapped
  }
  return out
}

/** Adaptive thinking and a bare effort, which decodeReasoning leaves to the model. */
function hintsLeftToTheModel(raw: JsonObject): string[] {
  const out: string[] = []
  if (asObject(raw.thinking)?.type === 'adaptive') out.push('thinking')
  if (asObject(raw.output_config)?.effort !== undefined) out.push('output_config.effort')
  return out
}

/** `output_config.format` (or the older `output_format`): a JSON schema the answer must follow. */
function decodeFormat(raw: unknown, sink: DecodeSink): ResponseFormat | undefined {
  if (!isObject(raw)) return undefined
  if (raw.type === 'json_schema' && isObject(raw.schema)) return { type: 'json_schema', name: 'output', schema: raw.schema }
  return refuse(sink, 'output_config.format', `format type '${String(raw.type)}' has no equivalent outside Anthropic`)
}
