import type { ChatRequest, ResponseFormat } from '../../canonical/chat.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import type { CallContext, UpstreamRequest } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { buildMessages } from './build-messages.js'
import type { JsonObject } from '../../wire/json.js'

/**
 * A canonical chat request → POST `/api/chat` (fixtures/ollama/chat-request*.json). Sampling
 * settings go in `options` under Ollama's names (`Options` in ollama/ollama api/types.go:
 * temperature, top_p, num_predict, stop, seed, presence_penalty, frequency_penalty), not at
 * the top level. `stream` is always written, because Ollama streams when it is left out.
 */
export function buildOllamaRequest(req: ChatRequest, ctx: CallContext<'ollama'>): UpstreamRequest {
  refuseUnsupported(req, ctx)
  const body: JsonObject = { model: req.model, messages: buildMessages(req.messages, ctx), stream: req.stream }

  if (req.tools !== undefined && req.tools.length > 0) {
    body.tools = req.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
      },
    }))
  }
  const format = formatOf(req.responseFormat)
  if (format !== undefined) body.format = format
  const options = optionsOf(req, ctx)
  if (Object.keys(options).length > 0) body.options = options
  // A token budget alone (Anthropic's thinking) asks for thinking without a level.
  const think = req.reasoning?.effort === undefined && req.reasoning?.budgetTokens !== undefined ? true : thinkOf(req.reasoning?.effort, ctx)
  if (think !== undefined) body.think = think
  const keepAlive = ctx.provider.options.keep_alive
  if (keepAlive !== undefined) body.keep_alive = keepAlive

  return { url: `${ctx.provider.baseUrl}/api/chat`, method: 'POST', headers: ollamaHeaders(ctx), body: JSON.stringify(mergeOptions(body, req.providerOptions?.ollama)), framing: 'ndjson' }
}

/**
 * A local server needs no key; Ollama's hosted API (https://ollama.com/api) takes one as
 * `Authorization: Bearer` (docs.ollama.com/api/authentication).
 */
export function ollamaHeaders(ctx: CallContext): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (ctx.provider.apiKey !== undefined && ctx.provider.apiKey !== '') headers.authorization = `Bearer ${ctx.provider.apiKey}`
  return Object.assign(headers, ctx.provider.headers)
}

/** `format` is "json" or a JSON schema (ChatRequest.Format in api/types.go is raw JSON). */
function formatOf(format: ResponseFormat | undefined): unknown {
  if (format === undefined) return undefined
  switch (format.type) {
    case 'text':
      return undefined
    case 'json_object':
      return 'json'
    case 'json_schema':
      return format.schema
  }
}

function optionsOf(req: ChatRequest, ctx: CallContext<'ollama'>): JsonObject {
  const p = req.params
  const options: JsonObject = {}
  if (p.temperature !== undefined) options.temperature = p.temperature
  if (p.topP !== undefined) options.top_p = p.topP
  if (p.topK !== undefined) options.top_k = p.topK
  if (p.maxTokens !== undefined) options.num_predict = p.maxTokens
  if (p.stop !== undefined && p.stop.length > 0) options.stop = p.stop
  if (p.seed !== undefined) options.seed = p.seed
  if (p.presencePenalty !== undefined) options.presence_penalty = p.presencePenalty
  if (p.frequencyPenalty !== undefined) options.frequency_penalty = p.frequencyPenalty
  // The server's context size defaults small; routes.yaml may raise it per provider.
  const numCtx = ctx.provider.options.num_ctx
  if (numCtx !== undefined) options.num_ctx = numCtx
  return options
}

/** reasoning_effort → `think`: a level for models that take one, `false` for "none". */
function thinkOf(effort: string | undefined, ctx: CallContext): boolean | string | undefined {
  switch (effort) {
    case undefined:
      return undefined
    case 'none':
      return false
    case 'low':
    case 'medium':
    case 'high':
      return effort
    default:
      unsupportedParam(ctx, 'reasoning_effort', "Ollama's think levels are low, medium and high")
      return undefined
  }
}

/**
 * What /api/chat cannot do. `user` is not refused: it only labels the caller for abuse
 * monitoring and changes nothing in the answer, and a self-hosted server has no use for it.
 */
function refuseUnsupported(req: ChatRequest, ctx: CallContext): void {
  const p = req.params
  if (p.n !== undefined && p.n > 1) unsupportedParam(ctx, 'n', 'Ollama returns one choice per request')
  if (p.logprobs === true) unsupportedParam(ctx, 'logprobs')
  if (p.topLogprobs !== undefined && p.topLogprobs > 0) unsupportedParam(ctx, 'top_logprobs')
  if (p.logitBias !== undefined && Object.keys(p.logitBias).length > 0) unsupportedParam(ctx, 'logit_bias')
  const hasTools = req.tools !== undefined && req.tools.length > 0
  if (hasTools && req.toolChoice !== undefined && req.toolChoice !== 'auto') {
    unsupportedParam(ctx, 'tool_choice', 'Ollama always lets the model choose (auto)')
  }
  if (hasTools && req.parallelToolCalls === false) unsupportedParam(ctx, 'parallel_tool_calls')
}
