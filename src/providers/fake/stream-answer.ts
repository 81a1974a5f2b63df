import { logprobOf, usageOf, type Answer, type Timing } from './answer.js'
import { runChoice } from './choice-run.js'
import { sleepUntil } from './sleep-until.js'
import { MIDSTREAM_ERROR } from './upstream-errors.js'
import { createStreamWriter, type ResponseMeta } from './wire.js'

const utf8 = new TextEncoder()

/**
 * One write per step: each choice's next token (choices interleaved as OpenAI interleaves
 * them), its role chunk before its first. A choice that ends writes its finish chunk; the
 * finishes of the last step go out with the usage chunk (always: the executor strips it when
 * the client did not ask) and `[DONE]`, after the prompt count, which on a process's first
 * request may still be warming up; the tokens never wait for it. An abort ends the body at
 * the next step.
 */
export async function* streamAnswer(answer: Answer, meta: ResponseMeta, promptTokens: Promise<number>, t: Timing, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const writer = createStreamWriter(meta, answer.logprobs !== undefined)
  const choices = answer.plans.map((plan) => ({ plan, run: runChoice(plan, answer.limits), open: false, done: false, contentTokens: 0 }))
  let tail = ''
  let step = 0
  for (; ; step++) {
    let out = ''
    let due = false
    choices.forEach((c, index) => {
      if (c.done) return
      const next = c.run.next()
      if (!c.open) out += writer.open(index, c.plan.kind === 'calls')
      c.open = true
      if (typeof next === 'string') {
        out += writer.finish(index, next)
        c.done = true
        return
      }
      due = true
      out += writer.token(index, next, next.kind === 'content' ? logprobOf(answer, index, next.text, c.contentTokens++) : undefined)
    })
    if (!due || step === t.failAt) {
      tail = out
      break
    }
    if (!(await sleepUntil(t.start + t.ttftMs + step * t.intervalMs, signal))) return
    yield utf8.encode(out)
  }
  if (t.failAt >= 0) {
    if (await sleepUntil(t.start + t.ttftMs + step * t.intervalMs, signal)) yield utf8.encode(`data: ${MIDSTREAM_ERROR}\n\n`)
    return
  }
  const usage = usageOf(await promptTokens, choices.map((c) => c.run))
  if (signal.aborted) return
  yield utf8.encode(tail + writer.end(usage))
}

