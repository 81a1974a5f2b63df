/**
 * Canonical parameters → Converse `inferenceConfig`, `toolConfig` and `outputConfig`.
 *
 * inferenceConfig has maxTokens, temperature, topP and stopSequences and nothing else; seed,
 * n > 1, logprobs, penalties, logit_bias and user have no Converse field and are refused
 * (or dropped) by name. Reasoning is model-specific on Bedrock: a thinking budget goes to Claude
 * models as Anthropic's own `thinking` in `additionalModelRequestFields` (Bedrock's extended
 * thinking docs); other models, and a reasoning effort, are refused.
 *
 * response_format json_schema uses Converse structured output: `outputConfig.textFormat
 * {type: "json_schema", structure: {jsonSchema: {schema: <JSON text>, name, description}}}`
 * (OutputConfig / OutputFormat / JsonSchemaDefinition, Bedrock API reference; `schema` is a
 * string). json_object has no Converse equivalent: it became a forced tool before this
 * (shared/json-answer-tool.ts).
 */
import { assertNever, type ChatRequest, type JsonObject } from '../../canonical/chat.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { maxOutputTokens } from '../anthropic/capabilities.js'
import { claudeThinking } from '../shared/claude-thinking.js'

export function buildInferenceConfig(req: ChatRequest, ctx: CallContext): JsonObject | undefined {
  const p = req.params
  const config: JsonObject = {}
  if (p.maxTokens !== undefined) config.maxTokens = p.maxTokens
  if (p.temperature !== undefined) config.temperature = p.temperature
  if (p.topP !== undefined) config.topP = p.topP
  if (p.stop !== undefined && p.stop.length > 0) config.stopSequences = p.stop

  if (p.seed !== undefined) unsupportedParam(ctx, 'seed')
  if (p.n !== undefined && p.n !== 1) unsupportedParam(ctx, 'n', 'only n=1 is supported')
  if (p.logprobs === true) unsupportedParam(ctx, 'logprobs')
  if (p.topLogprobs !== undefined) unsupportedParam(ctx, 'top_logprobs')
  if (p.presencePenalty !== undefined) unsupportedParam(ctx, 'presence_penalty')
  if (p.frequencyPenalty !== undefined) unsupportedParam(ctx, 'frequency_penalty')
  if (p.logitBias !== undefined && Object.keys(p.logitBias).length > 0) unsupportedParam(ctx, 'logit_bias')
  if (p.user !== undefined) unsupportedParam(ctx, 'user')
  if (p.topK !== undefined) unsupportedParam(ctx, 'top_k', 'Converse has no top_k')
  return Object.keys(config).length > 0 ? config : undefined
}

/**
 * tool_choice "none": Converse has no such choice, so the tools are left out, which has the
 * same effect. But Converse refuses a conversation holding toolUse/toolResult blocks without
 * a toolConfig ("The toolConfig field must be defined when using toolUse and toolResult
 * content blocks": langgenius/dify issues/16421), so in that case "none" cannot be honoured:
 * it is refused, or with drop_params the tools are sent with the default (auto) choice.
 */
export function buildToolConfig(req: ChatRequest, hasToolBlocks: boolean, ctx: CallContext): JsonObject | undefined {
  const tools = req.tools ?? []
  if (tools.length === 0) return undefined
  const choice = req.toolChoice
  if (choice === 'none') {
    if (!hasToolBlocks) return undefined
    unsupportedParam(ctx, 'tool_choice', '"none" while the conversation holds tool calls')
  }
  if (req.parallelToolCalls === false) unsupportedParam(ctx, 'parallel_tool_calls')
  const config: JsonObject = {
    tools: tools.map((tool) => {
      const spec: JsonObject = { name: tool.name }
      if (tool.description !== undefined) spec.description = tool.description
      spec.inputSchema = { json: tool.parameters ?? { type: 'object', properties: {} } }
      return { toolSpec: spec }
    }),
  }
  if (choice === 'auto') config.toolChoice = { auto: {} }
  else if (choice === 'required') config.toolChoice = { any: {} }
  else if (typeof choice === 'object') config.toolChoice = { tool: { name: choice.name } }
  return config
}

export function buildOutputConfig(req: ChatRequest, ctx: CallContext): JsonObject | undefined {
  const format = req.responseFormat
  if (format === undefined) return undefined
  switch (format.type) {
    case 'text':
      return undefined
    case 'json_object':
      return undefined
    case 'json_schema': {
      const jsonSchema: JsonObject = { schema: JSON.stringify(format.schema), name: format.name }
      if (format.description !== undefined) jsonSchema.description = format.description
      return { textFormat: { type: 'json_schema', structure: { jsonSchema } } }
    }
    default:
      return assertNever(format)
  }
}

/**
 * Reasoning for Claude on Bedrock: Anthropic's own `thinking` in `additionalModelRequestFields`
 * (Bedrock's "Extended thinking" docs), always as a budget (claude-thinking.ts); `inferenceConfig
 * .maxTokens` is raised when the budget needs room. Other models' reasoning is refused by name.
 */
export function buildReasoning(req: ChatRequest, inference: JsonObject | undefined, ctx: CallContext): { additional?: JsonObject; inference?: JsonObject } {
  const reasoning = req.reasoning
  if (reasoning === undefined || reasoning.effort === 'none' || (reasoning.effort === undefined && reasoning.budgetTokens === undefined)) return { inference }
  if (!/anthropic\.claude/.test(req.model)) {
    unsupportedParam(ctx, reasoning.effort === undefined ? 'thinking' : 'reasoning_effort', `reasoning is only translated for Claude models on Bedrock, not '${req.model}'`)
    return { inference }
  }
  const ceiling = ctx.provider.capabilities?.maxOutputTokens ?? maxOutputTokens(req.model.slice(req.model.indexOf('claude-')))
  const asked = req.params.maxTokens ?? ceiling
  const thinking = claudeThinking(reasoning, req.model, asked, ceiling, false, ctx)
  if (thinking.thinking === undefined) return { inference }
  const maxTokens = thinking.maxTokens ?? (req.params.maxTokens === undefined ? asked : undefined)
  return { additional: { thinking: thinking.thinking }, inference: maxTokens === undefined ? inference : { ...inference, maxTokens } }
}
