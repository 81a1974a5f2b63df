import type { ChatRequest, ResponseFormat } from '../../canonical/chat.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import type { CallContext, UpstreamRequest } from '../types.js'
import { jsonAnswerRequest } from '../shared/json-answer-tool.js'
import { unsupportedParam } from '../unsupported-param.js'
import { buildPrompt } from './build-messages.js'
import { buildTooling } from './build-tools.js'
import { maxOutputTokens, supportsStructuredOutputs } from './capabilities.js'
import { claudeThinking } from '../shared/claude-thinking.js'
import type { JsonObject } from '../../wire/json.js'

/** Required on every request (fixtures/anthropic/messages-request.http). */
export const ANTHROPIC_VERSION = '2023-06-01'

/** A canonical chat request → POST `/v1/messages` (fixtures/anthropic/messages-request.http). */
export function buildAnthropicRequest(asked: ChatRequest, ctx: CallContext): UpstreamRequest {
  const req = asked.responseFormat?.type === 'json_object' ? jsonAnswerRequest(asked, ctx, 'Anthropic') : asked
  refuseUnsupported(req, ctx)
  const structured = ctx.provider.capabilities?.jsonSchema ?? supportsStructuredOutputs(req.model)
  const { system, messages } = buildPrompt(req.messages, ctx)
  const p = req.params

  const ceiling = ctx.provider.capabilities?.maxOutputTokens ?? maxOutputTokens(req.model)
  // Anthropic requires max_tokens; without the client's we ask for the model's maximum.
  const maxTokens = p.maxTokens ?? ceiling
  const thinking = claudeThinking(req.reasoning, req.model, maxTokens, ceiling, true, ctx)
  const body: JsonObject = { model: req.model, max_tokens: thinking.maxTokens ?? maxTokens }
  if (thinking.thinking !== undefined) body.thinking = thinking.thinking
  if (system.length > 0) body.system = system
  body.messages = messages
  if (req.stream) body.stream = true
  if (p.temperature !== undefined) body.temperature = p.temperature
  if (p.topP !== undefined) body.top_p = p.topP
  if (p.topK !== undefined) body.top_k = p.topK
  if (p.stop !== undefined && p.stop.length > 0) body.stop_sequences = p.stop
  if (p.user !== undefined) body.metadata = { user_id: p.user }
  Object.assign(body, buildTooling(req, structured))
  const outputConfig = { ...outputFormat(req.responseFormat, structured, ctx), ...(thinking.effort === undefined ? {} : { effort: thinking.effort }) }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  }
  if (ctx.provider.apiKey !== undefined) headers['x-api-key'] = ctx.provider.apiKey
  // Configured headers go last so routes.yaml can add `anthropic-beta` or pin another version.
  Object.assign(headers, ctx.provider.headers)

  // Provider options (provider_options.anthropic, the deployment's params) by Anthropic's own names.
  const sent = mergeOptions(body, req.providerOptions?.anthropic)
  return { url: `${ctx.provider.baseUrl}/v1/messages`, method: 'POST', headers, body: JSON.stringify(sent), framing: 'sse' }
}

/**
 * json_schema → `output_config.format` (structured outputs, GA on Claude 4.5+; see
 * capabilities.ts for the sources). Anthropic has no schema-less JSON mode: json_object became
 * a forced tool before this (shared/json-answer-tool.ts).
 */
function outputFormat(format: ResponseFormat | undefined, structured: boolean, ctx: CallContext): JsonObject | undefined {
  if (format === undefined) return undefined
  switch (format.type) {
    case 'text':
    case 'json_object':
      return undefined
    case 'json_schema':
      if (!structured) {
        unsupportedParam(ctx, 'response_format', `model '${ctx.model}' has no structured outputs (Claude 4.5 and later have)`)
        return undefined
      }
      return { format: { type: 'json_schema', schema: format.schema } }
  }
}

/** Parameters the Messages API has no equivalent for. */
function refuseUnsupported(req: ChatRequest, ctx: CallContext): void {
  const p = req.params
  if (p.seed !== undefined) unsupportedParam(ctx, 'seed')
  if (p.n !== undefined && p.n > 1) unsupportedParam(ctx, 'n', 'Anthropic returns one choice per request')
  if (p.logprobs === true) unsupportedParam(ctx, 'logprobs')
  if (p.topLogprobs !== undefined && p.topLogprobs > 0) unsupportedParam(ctx, 'top_logprobs')
  if (p.logitBias !== undefined && Object.keys(p.logitBias).length > 0) unsupportedParam(ctx, 'logit_bias')
  // A penalty of 0 is OpenAI's default and changes nothing, so only a real one is refused.
  if (p.presencePenalty !== undefined && p.presencePenalty !== 0) unsupportedParam(ctx, 'presence_penalty')
  if (p.frequencyPenalty !== undefined && p.frequencyPenalty !== 0) unsupportedParam(ctx, 'frequency_penalty')
}
