/**
 * The client's reasoning request → Claude's own controls, for the two kinds that serve Claude
 * (anthropic, and bedrock's Claude models through `additionalModelRequestFields`).
 *
 * - Claude 3.7 Sonnet and the Claude 4 family think with a token budget:
 *   `thinking: {type: "enabled", budget_tokens}` (at least 1,024, below max_tokens; Anthropic
 *   "Extended thinking" docs). reasoning_effort picks the budget from the table below, the
 *   budgets Google's OpenAI-compatible endpoint uses for the same words (1K/8K/24K), so one
 *   effort means about the same spend on every kind.
 * - Opus 4.6+ and Sonnet 4.6+ (on the Anthropic API) take `thinking: {type: "adaptive"}` with
 *   `output_config: {effort}` instead: "effort replaces budget_tokens as the recommended way to
 *   control thinking depth" (platform.claude.com/docs/en/build-with-claude/effort). Its levels
 *   are low/medium/high/max, with xhigh from 4.7; minimal is read as low.
 * - "none" asks for no thinking: nothing is sent (Claude thinks only when asked).
 * - Older Claude models do not think: reasoning_effort is refused by name (or dropped).
 */
import type { ReasoningEffort, ReasoningRequest } from '../../canonical/chat.js'
import type { JsonObject } from '../../wire/json.js'
import { parseModelVersion } from '../anthropic/capabilities.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'

const BUDGET: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = { minimal: 1024, low: 1024, medium: 8192, high: 24_576, xhigh: 32_000 }
/** Anthropic's smallest thinking budget. */
const MIN_BUDGET = 1024

export interface ClaudeThinking {
  thinking?: JsonObject
  /** `output_config.effort`, on models that take an effort. */
  effort?: string
  /** max_tokens raised so that the budget fits below it, when the client's did not leave room. */
  maxTokens?: number
}

/** `anthropic.claude-sonnet-4-…`, `us.anthropic.claude-…` and Anthropic's own ids, as a Claude version. */
function claudeVersion(model: string): ReturnType<typeof parseModelVersion> {
  const at = model.indexOf('claude-')
  return at < 0 ? undefined : parseModelVersion(model.slice(at))
}

function thinks(version: NonNullable<ReturnType<typeof parseModelVersion>>): boolean {
  return version.major >= 4 || (version.major === 3 && version.minor === 7 && version.family === 'sonnet')
}

function takesEffort(version: NonNullable<ReturnType<typeof parseModelVersion>>): boolean {
  return version.major > 4 || (version.major === 4 && version.minor >= 6 && version.family !== 'haiku')
}

function effortLevel(effort: Exclude<ReasoningEffort, 'none'>, version: NonNullable<ReturnType<typeof parseModelVersion>>): string {
  if (effort === 'minimal') return 'low'
  if (effort === 'xhigh') return version.major > 4 || version.minor >= 7 ? 'xhigh' : 'max'
  return effort
}

/**
 * What to send for `reasoning` to Claude `model`. `maxTokens` is the max_tokens the request
 * will carry and `ceiling` the model's output limit; `adaptive` is false where only budgets
 * are known to work (Bedrock).
 */
export function claudeThinking(reasoning: ReasoningRequest | undefined, model: string, maxTokens: number, ceiling: number, adaptive: boolean, ctx: CallContext): ClaudeThinking {
  const effort = reasoning?.effort
  if (reasoning === undefined || effort === 'none' || (effort === undefined && reasoning.budgetTokens === undefined)) return {}
  const version = claudeVersion(model)
  if (version === undefined || !thinks(version)) {
    unsupportedParam(ctx, effort === undefined ? 'thinking' : 'reasoning_effort', `model '${model}' does not think (Claude 3.7 Sonnet and Claude 4 and later do)`)
    return {}
  }
  if (effort !== undefined && adaptive && takesEffort(version)) return { thinking: { type: 'adaptive' }, effort: effortLevel(effort, version) }
  const budget = Math.max(MIN_BUDGET, effort === undefined ? (reasoning.budgetTokens ?? MIN_BUDGET) : BUDGET[effort])
  if (budget < maxTokens) return { thinking: { type: 'enabled', budget_tokens: budget } }
  // The budget must stay below max_tokens: room is made for the answer, within the model's limit.
  const raised = Math.min(ceiling, budget + maxTokens)
  const fitted = Math.min(budget, raised - 1)
  if (fitted < MIN_BUDGET) {
    unsupportedParam(ctx, 'max_tokens', `thinking needs max_tokens above ${MIN_BUDGET}`)
    return {}
  }
  return { thinking: { type: 'enabled', budget_tokens: fitted }, maxTokens: raised }
}
