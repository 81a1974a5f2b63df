/** Canonical sampling parameters and response format → Gemini `generationConfig`. */
import { assertNever, type ChatRequest, type JsonObject, type ReasoningRequest } from '../../canonical/chat.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'

/**
 * reasoning_effort on Gemini 2.5 becomes a thinking budget, with the budgets Google's own
 * OpenAI-compatible endpoint uses ("low", "medium", "high" map to 1K, 8K and 24K thinking
 * tokens; "none" disables thinking: ai.google.dev/gemini-api/docs/openai). Gemini 3 takes a
 * `thinkingLevel` (minimal/low/medium/high; which ones a model accepts varies) instead; the two
 * may not be combined.
 */
const THINKING_BUDGET: Readonly<Record<string, number>> = { none: 0, minimal: 0, low: 1024, medium: 8192, high: 24576 }
const THINKING_LEVELS = new Set(['minimal', 'low', 'medium', 'high'])

export function buildGenerationConfig(req: ChatRequest, ctx: CallContext<'gemini'>): JsonObject | undefined {
  const p = req.params
  const config: JsonObject = {}
  if (p.temperature !== undefined) config.temperature = p.temperature
  if (p.topP !== undefined) config.topP = p.topP
  if (p.topK !== undefined) config.topK = p.topK
  if (p.maxTokens !== undefined) config.maxOutputTokens = p.maxTokens
  if (p.stop !== undefined && p.stop.length > 0) config.stopSequences = p.stop
  if (p.seed !== undefined) config.seed = p.seed
  if (p.presencePenalty !== undefined) config.presencePenalty = p.presencePenalty
  if (p.frequencyPenalty !== undefined) config.frequencyPenalty = p.frequencyPenalty
  if (p.n === 1) config.candidateCount = 1
  else if (p.n !== undefined) {
    // candidateCount would work upstream, but a ChatResult carries one choice: the others
    // would be paid for and thrown away.
    unsupportedParam(ctx, 'n', 'only n=1 is supported')
  }
  if (p.logprobs === true) {
    config.responseLogprobs = true
    if (p.topLogprobs !== undefined) config.logprobs = p.topLogprobs
  }
  if (p.user !== undefined) unsupportedParam(ctx, 'user')
  if (p.logitBias !== undefined && Object.keys(p.logitBias).length > 0) unsupportedParam(ctx, 'logit_bias')

  const thinking = thinkingConfig(req.model, req.reasoning, ctx)
  if (thinking !== undefined) config.thinkingConfig = thinking

  const format = req.responseFormat
  if (format !== undefined) {
    switch (format.type) {
      case 'text':
        break
      case 'json_object':
        config.responseMimeType = 'application/json'
        break
      case 'json_schema':
        // responseJsonSchema takes JSON Schema as written (responseSchema only an OpenAPI
        // subset): "an alternative to response_schema that accepts JSON Schema… response_mime_type
        // is required" (GenerationConfig reference, google-genai).
        config.responseMimeType = 'application/json'
        config.responseJsonSchema = format.schema
        break
      default:
        assertNever(format)
    }
  }
  return Object.keys(config).length > 0 ? config : undefined
}

function thinkingConfig(model: string, reasoning: ReasoningRequest | undefined, ctx: CallContext<'gemini'>): JsonObject | undefined {
  const includeThoughts = ctx.provider.options.include_thoughts === true
  const effort = reasoning?.effort
  let config: JsonObject | undefined
  if (effort === undefined && reasoning?.budgetTokens !== undefined) {
    // A token budget (Anthropic's thinking.budget_tokens) is Gemini's own thinkingBudget.
    if (/^gemini-(2\.5|3)/.test(model)) config = { thinkingBudget: reasoning.budgetTokens }
    else unsupportedParam(ctx, 'thinking', `model '${model}' does not think`)
  } else if (effort !== undefined) {
    if (/^gemini-3/.test(model)) {
      const level = effort === 'none' ? 'minimal' : effort
      if (THINKING_LEVELS.has(level)) config = { thinkingLevel: level }
      else unsupportedParam(ctx, 'reasoning_effort', `unknown value '${effort}'`)
    } else if (/^gemini-2\.5/.test(model)) {
      const budget = THINKING_BUDGET[effort]
      if (budget !== undefined) config = { thinkingBudget: budget }
      else unsupportedParam(ctx, 'reasoning_effort', `unknown value '${effort}'`)
    } else {
      unsupportedParam(ctx, 'reasoning_effort', `model '${model}' does not think`)
    }
  }
  // Thought summaries come back as `thought: true` parts only when asked for.
  if (includeThoughts) config = { ...config, includeThoughts: true }
  return config
}
