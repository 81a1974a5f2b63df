import type { ChatRequest, FinishReason, ToolCall } from '../../canonical/chat.js'
import { countPromptTokens } from '../../tokens/count-tokens.js'
import type { ResponseMeta } from '../../wire/encode-chat-completion.js'
import type { CallContext, LocalResponse } from '../types.js'
import { PlanRefusal } from './answer-parts.js'
import { maxOutputTokens } from './capabilities.js'
import { runChoice, type ChoiceRun, type RunLimits } from './choice-run.js'
import { lastUserText } from './conversation.js'
import { abortReason, singleChunk } from './local-body.js'
import { tokenLogprob, type TokenLogprob } from './logprobs.js'
import { readMagicPrompt } from './magic-prompt.js'
import { planChoice, type ChoicePlan } from './plan.js'
import { answerSeed } from './random.js'
import type { FakeSettings } from './settings.js'
import { sleepUntil } from './sleep-until.js'
import { DEFAULT_ANSWER_TOKENS } from './sources.js'
import { contextLengthError, invalidRequest, MIDSTREAM_ERROR, upstreamError, type UpstreamError } from './upstream-errors.js'
import { completionBody, createStreamWriter, type ChoiceAnswer } from './wire.js'

const utf8 = new TextEncoder()

function errorResponse(e: UpstreamError): LocalResponse {
  return { status: e.status, headers: e.headers, body: singleChunk(utf8.encode(JSON.stringify(e.body))) }
}

/** What every choice of one answer shares. */
interface Answer {
  plans: ChoicePlan[]
  limits: RunLimits
  /** Seeds of each choice's log probabilities, when asked for. */
  logprobs: { seeds: number[]; top: number } | undefined
}

/**
 * The fake model's answer to one chat request, produced in-process in OpenAI's wire format,
 * so the executor relays it exactly as it would a real OpenAI-compatible upstream. Every step
 * is timed from `start`: the first token at ttft, token i at ttft + i/tps. Tokens are made as
 * they are sent: an open stream holds its plan and a generator's state, never its whole answer.
 */
export async function answerChat(req: ChatRequest, ctx: CallContext, settings: FakeSettings, signal: AbortSignal): Promise<LocalResponse> {
  signal.throwIfAborted()
  const start = performance.now()
  const magic = readMagicPrompt(lastUserText(req.messages))
  if (magic?.kind === 'status') return errorResponse(upstreamError(magic.status))
  if (magic?.kind === 'context_length') return errorResponse(contextLengthError())
  if (magic?.kind === 'midstream' && !req.stream) return errorResponse(upstreamError(500))
  const refused = outOfRange(req, maxOutputTokens(ctx))
  if (refused !== undefined) return errorResponse(refused)
  let answer: Answer
  try {
    answer = prepare(req)
  } catch (err) {
    if (err instanceof PlanRefusal) return errorResponse(invalidRequest(err.message, err.param, err.param.startsWith('tools') ? 'invalid_function_parameters' : 'invalid_json_schema'))
    throw err
  }
  const promptTokens = countPromptTokens(req.messages)
  promptTokens.catch(() => undefined) // awaited later; an abort must not leave it unhandled
  const meta: ResponseMeta = { id: `chatcmpl-fake-${ctx.requestId}`, created: Math.floor(Date.now() / 1000), model: req.model }
  const timing: Timing = { start, ttftMs: settings.ttftMs, intervalMs: 1000 / settings.tokensPerSecond, failAt: magic?.kind === 'midstream' ? Math.max(1, Math.floor((req.params.maxTokens ?? DEFAULT_ANSWER_TOKENS) / 2)) : -1 }
  if (req.stream) {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: streamAnswer(answer, meta, promptTokens, timing, signal),
    }
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: singleChunk(utf8.encode(await jsonAnswer(answer, meta, promptTokens, timing, signal))) }
}

/** Values the fake refuses as OpenAI does: a 400 that names the parameter and the limit. */
function outOfRange(req: ChatRequest, cap: number): UpstreamError | undefined {
  const max = req.params.maxTokens
  if (max !== undefined && max > cap) {
    const param = req.raw.max_completion_tokens !== undefined && req.raw.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens'
    return invalidRequest(`${param} is too large: ${max}. This model supports at most ${cap} completion tokens, whereas you provided ${max}.`, param, 'invalid_value')
  }
  if ((req.params.topLogprobs ?? 0) > 0 && req.params.logprobs !== true) {
    return invalidRequest('top_logprobs requires logprobs: true. Set logprobs to true, or remove top_logprobs.', 'top_logprobs', 'invalid_value')
  }
  return undefined
}

function prepare(req: ChatRequest): Answer {
  const n = req.params.n ?? 1
  const plans = Array.from({ length: n }, (_, choice) => planChoice(req, choice))
  const prompt = lastUserText(req.messages)
  return {
    plans,
    limits: { maxTokens: req.params.maxTokens, stop: req.params.stop ?? [] },
    logprobs: req.params.logprobs === true ? { seeds: plans.map((_, c) => answerSeed(prompt, req.params.seed, c, 'logprobs')), top: req.params.topLogprobs ?? 0 } : undefined,
  }
}

interface Timing {
  start: number
  ttftMs: number
  intervalMs: number
  /** The step at which `fake:error midstream` fails the stream (-1: never). */
  failAt: number
}

/**
 * One write per step: each choice's next token (choices interleaved as OpenAI interleaves
 * them), its role chunk before its first. A choice that ends writes its finish chunk; the
 * finishes of the last step go out with the usage chunk (always: the executor strips it when
 * the client did not ask) and `[DONE]`, after the prompt count, which on a process's first
 * request may still be warming up; the tokens never wait for it. An abort ends the body at
 * the next step.
 */
async function* streamAnswer(answer: Answer, meta: ResponseMeta, promptTokens: Promise<number>, t: Timing, signal: AbortSignal): AsyncGenerator<Uint8Array> {
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

function logprobOf(answer: Answer, choice: number, text: string, position: number): TokenLogprob | undefined {
  const lp = answer.logprobs
  return lp === undefined ? undefined : tokenLogprob(text, lp.seeds[choice], position, lp.top)
}

function usageOf(prompt: number, runs: readonly ChoiceRun[]): { promptTokens: number; completionTokens: number; totalTokens: number } {
  const completion = runs.reduce((sum, r) => sum + r.generated(), 0)
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion }
}

/** Work between two turns of the event loop while a long answer is counted or gathered. */
const SLICE = 4096
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The whole answer, after ttft + (its longest choice's tokens)/tps. It is generated twice:
 * once to count its tokens, and once, when that time has come, to gather it, so a pending
 * answer holds no text while it waits.
 */
async function jsonAnswer(answer: Answer, meta: ResponseMeta, promptTokens: Promise<number>, t: Timing, signal: AbortSignal): Promise<string> {
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
