import type { ChatRequest, Usage } from '../../canonical/chat.js'
import type { ChoiceRun, RunLimits } from './choice-run.js'
import { lastUserText } from './conversation.js'
import { tokenLogprob, type TokenLogprob } from './logprobs.js'
import { planChoices, type ChoicePlan } from './plan.js'
import { answerSeed, fnv1a } from './random.js'

/** What every choice of one answer shares. */
export interface Answer {
  plans: ChoicePlan[]
  limits: RunLimits
  /** Seeds of each choice's log probabilities, when asked for. */
  logprobs: { seeds: number[]; top: number } | undefined
}

/** Plans every choice (throws PlanRefusal); each choice ends at max_tokens, or at the output cap without one. */
export function prepareAnswer(req: ChatRequest, cap: number): Answer {
  const plans = planChoices(req, req.params.n ?? 1)
  const prompt = fnv1a(lastUserText(req.messages))
  return {
    plans,
    // Without max_tokens, the output cap still ends a long structured answer (`length`).
    limits: { maxTokens: req.params.maxTokens ?? cap, stop: req.params.stop ?? [] },
    logprobs: req.params.logprobs === true ? { seeds: plans.map((_, c) => answerSeed(prompt, req.params.seed, c, 'logprobs')), top: req.params.topLogprobs ?? 0 } : undefined,
  }
}

export interface Timing {
  start: number
  ttftMs: number
  intervalMs: number
  /** The step at which `fake:error midstream` fails the stream (-1: never). */
  failAt: number
}

export function logprobOf(answer: Answer, choice: number, text: string, position: number): TokenLogprob | undefined {
  const lp = answer.logprobs
  return lp === undefined ? undefined : tokenLogprob(text, lp.seeds[choice], position, lp.top)
}

export function usageOf(prompt: number, runs: readonly ChoiceRun[]): Usage {
  const completion = runs.reduce((sum, r) => sum + r.generated(), 0)
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion }
}

