import type { ChatRequest } from '../../canonical/chat.js'
import { countPromptTokens } from '../../tokens/count-tokens.js'
import type { CallContext, LocalResponse } from '../types.js'
import { prepareAnswer, type Answer, type Timing } from './answer.js'
import { PlanRefusal } from './answer-parts.js'
import { maxOutputTokens } from './capabilities.js'
import { lastUserText } from './conversation.js'
import { jsonAnswer } from './json-answer.js'
import { singleChunk } from './local-body.js'
import { readMagicPrompt } from './magic-prompt.js'
import type { FakeSettings } from './settings.js'
import { DEFAULT_ANSWER_TOKENS } from './sources.js'
import { streamAnswer } from './stream-answer.js'
import { contextLengthError, invalidRequest, upstreamError, type UpstreamError } from './upstream-errors.js'
import type { ResponseMeta } from './wire.js'

const utf8 = new TextEncoder()

function errorResponse(e: UpstreamError): LocalResponse {
  return { status: e.status, headers: e.headers, body: singleChunk(utf8.encode(JSON.stringify(e.body))) }
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
  const cap = maxOutputTokens(ctx)
  const refused = outOfRange(req, cap)
  if (refused !== undefined) return errorResponse(refused)
  let answer: Answer
  try {
    answer = prepareAnswer(req, cap)
  } catch (err) {
    if (err instanceof PlanRefusal) return errorResponse(invalidRequest(err.message, err.param, err.param.startsWith('tools') ? 'invalid_function_parameters' : 'invalid_json_schema'))
    throw err
  }
  const promptTokens = countPromptTokens(req.messages)
  promptTokens.catch(() => undefined) // awaited later; an abort must not leave it unhandled
  const meta: ResponseMeta = { id: `chatcmpl-fake-${ctx.requestId}`, created: Math.floor(Date.now() / 1000), model: req.model }
  const failAt = magic?.kind === 'midstream' ? Math.max(1, Math.floor((req.params.maxTokens ?? DEFAULT_ANSWER_TOKENS) / 2)) : -1
  const timing: Timing = { start, ttftMs: settings.ttftMs, intervalMs: 1000 / settings.tokensPerSecond, failAt }
  if (req.stream) {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: streamAnswer(answer, meta, promptTokens, timing, signal),
    }
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: singleChunk(utf8.encode(await jsonAnswer(answer, meta, promptTokens, timing, signal))) }
}

/** One answer, all its choices together, is at most this many times max_output_tokens. */
const ANSWER_TOKENS_PER_CAP = 4

/**
 * Values the fake refuses with a 400 that names the parameter and the limit: max_tokens above
 * the model's output cap (in OpenAI's words; the canonical request carries max_tokens and
 * max_completion_tokens as one, named max_tokens here), n × max_tokens above
 * ANSWER_TOKENS_PER_CAP caps (the fake's own bound on one request's work and memory), and
 * top_logprobs without logprobs.
 */
function outOfRange(req: ChatRequest, cap: number): UpstreamError | undefined {
  const max = req.params.maxTokens
  if (max !== undefined && max > cap) {
    return invalidRequest(`max_tokens is too large: ${max}. This model supports at most ${cap} completion tokens, whereas you provided ${max}.`, 'max_tokens', 'invalid_value')
  }
  const n = req.params.n ?? 1
  if (max !== undefined && n * max > cap * ANSWER_TOKENS_PER_CAP) {
    const limit = cap * ANSWER_TOKENS_PER_CAP
    return invalidRequest(`n × max_tokens is too large: ${n} × ${max} = ${n * max}. This model writes at most ${limit} completion tokens for one request, all choices together. Lower n or max_tokens.`, 'n', 'invalid_value')
  }
  if ((req.params.topLogprobs ?? 0) > 0 && req.params.logprobs !== true) {
    return invalidRequest('top_logprobs requires logprobs: true. Set logprobs to true, or remove top_logprobs.', 'top_logprobs', 'invalid_value')
  }
  return undefined
}


