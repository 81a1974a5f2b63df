import type { FinishReason, ToolCall } from '../../canonical/chat.js'
import { logprobOf, usageOf, type Answer, type Timing } from './answer.js'
import { runChoice, type ChoiceRun } from './choice-run.js'
import { abortReason } from './local-body.js'
import type { TokenLogprob } from './logprobs.js'
import type { ChoicePlan } from './plan.js'
import { sleepUntil } from './sleep-until.js'
import { completionBody, type ChoiceAnswer, type ResponseMeta } from './wire.js'

/** Work between two turns of the event loop while a long answer is counted or gathered. */
const SLICE = 4096
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The whole answer, after ttft + (its longest choice's tokens)/tps. It is generated twice:
 * once to count its tokens, and once, when that time has come, to gather it, so a pending
 * answer holds no text while it waits.
 */
export async function jsonAnswer(answer: Answer, meta: ResponseMeta, promptTokens: Promise<number>, t: Timing, signal: AbortSignal): Promise<string> {
  let longest = 0
  for (const plan of answer.plans) longest = Math.max(longest, (await gather(plan, answer, -1, signal)).sent)
  if (!(await sleepUntil(t.start + t.ttftMs + longest * t.intervalMs, signal))) throw abortReason(signal)
  const gathered = []
  for (let c = 0; c < answer.plans.length; c++) gathered.push(await gather(answer.plans[c], answer, c, signal))
  const usage = usageOf(await promptTokens, gathered.map((g) => g.run))
  return completionBody(meta, gathered.map((g) => g.choice), usage)
}

/** Runs a choice to its end; with choice -1 only counts what it sends. */
async function gather(plan: ChoicePlan, answer: Answer, choice: number, signal: AbortSignal): Promise<{ run: ChoiceRun; sent: number; choice: ChoiceAnswer }> {
  const run = runChoice(plan, answer.limits)
  const keep = choice >= 0
  let text: string | null = plan.kind === 'calls' ? null : ''
  const calls: ToolCall[] = []
  const logprobs: TokenLogprob[] = []
  let sent = 0
  let finish: FinishReason
  for (;;) {
    const next = run.next()
    if (typeof next === 'string') {
      finish = next
      break
    }
    if (++sent % SLICE === 0) {
      await breathe()
      if (signal.aborted) throw abortReason(signal)
    }
    if (!keep) continue
    if (next.kind === 'content') {
      text = (text ?? '') + next.text
      const lp = logprobOf(answer, choice, next.text, logprobs.length)
      if (lp !== undefined) logprobs.push(lp)
    } else if (next.opens !== undefined) calls.push({ id: next.opens.id, name: next.opens.name, arguments: next.text })
    else calls[next.call].arguments += next.text
  }
  return { run, sent, choice: { text, toolCalls: calls, finish, ...(answer.logprobs === undefined ? {} : { logprobs }) } }
}
