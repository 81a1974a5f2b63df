import type { ChatRequest, ChatResult } from '../../canonical/chat.js'
import { createChunkEncoder } from '../../wire/openai-chat/encode-chunks.js'
import { encodeChatCompletion, type ResponseMeta } from '../../wire/openai-chat/encode-result.js'
import type { CallContext, LocalResponse } from '../types.js'
import { composeAnswer, lastUserText, type FakeAnswer } from './compose-answer.js'
import { countPromptTokens } from '../../tokens/count-tokens.js'
import { contextLengthError, MIDSTREAM_ERROR, readMagicPrompt, upstreamError, type UpstreamError } from './magic-prompt.js'
import type { FakeSettings } from './settings.js'
import { sleepUntil } from './sleep-until.js'
import { abortReason, singleChunk } from './local-body.js'

const utf8 = new TextEncoder()

function errorResponse(e: UpstreamError): LocalResponse {
  return { status: e.status, headers: e.headers, body: singleChunk(utf8.encode(JSON.stringify(e.body))) }
}

/**
 * The fake model's answer to one chat request, produced in-process in OpenAI's wire format,
 * so the executor relays it exactly as it would a real OpenAI-compatible upstream. Every step
 * is timed from `start`: the first token at ttft, token i at ttft + i/tps.
 */
export async function answerChat(req: ChatRequest, ctx: CallContext, settings: FakeSettings, signal: AbortSignal): Promise<LocalResponse> {
  signal.throwIfAborted()
  const start = performance.now()
  const magic = readMagicPrompt(lastUserText(req.messages))
  if (magic?.kind === 'status') return errorResponse(upstreamError(magic.status))
  if (magic?.kind === 'context_length') return errorResponse(contextLengthError())
  if (magic?.kind === 'midstream' && !req.stream) return errorResponse(upstreamError(500))

  const answer = composeAnswer(req.messages, req.params.maxTokens)
  const promptTokens = countPromptTokens(req.messages)
  promptTokens.catch(() => undefined) // awaited later; an abort must not leave it unhandled
  const meta: ResponseMeta = { id: `chatcmpl-fake-${ctx.requestId}`, created: Math.floor(Date.now() / 1000), model: req.model }
  const intervalMs = 1000 / settings.tokensPerSecond

  if (req.stream) {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: streamAnswer(answer, meta, promptTokens, { start, ttftMs: settings.ttftMs, intervalMs, failMidway: magic?.kind === 'midstream' }, signal),
    }
  }
  if (!(await sleepUntil(start + settings.ttftMs + answer.tokens.length * intervalMs, signal))) throw abortReason(signal)
  const result: ChatResult = {
    text: answer.tokens.join(''),
    toolCalls: [],
    finish: answer.finish,
    usage: usageOf(await promptTokens, answer),
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: singleChunk(utf8.encode(JSON.stringify(encodeChatCompletion(result, meta)))) }
}

function usageOf(prompt: number, answer: FakeAnswer): { promptTokens: number; completionTokens: number; totalTokens: number } {
  return { promptTokens: prompt, completionTokens: answer.tokens.length, totalTokens: prompt + answer.tokens.length }
}

interface Timing {
  start: number
  ttftMs: number
  intervalMs: number
  failMidway: boolean
}

/**
 * One chunk per token through the lead's chunk encoder (role chunk with the first token).
 * After the last token: finish, the usage chunk (always: the executor strips it when the
 * client did not ask) and `[DONE]`. That tail is a separate write because it waits for the
 * prompt count, which on a process's first request may still be warming up; the tokens never
 * wait for it. An abort ends the body at the next step.
 */
async function* streamAnswer(answer: FakeAnswer, meta: ResponseMeta, promptTokens: Promise<number>, t: Timing, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const encoder = createChunkEncoder(meta, true)
  const n = answer.tokens.length
  const failAt = t.failMidway ? Math.max(1, Math.floor(n / 2)) : -1
  for (let i = 0; i < n; i++) {
    if (!(await sleepUntil(t.start + t.ttftMs + i * t.intervalMs, signal))) return
    if (i === failAt) {
      yield utf8.encode(`data: ${MIDSTREAM_ERROR}\n\n`)
      return
    }
    yield utf8.encode(encoder.encode({ type: 'text', delta: answer.tokens[i] }))
  }
  const usage = usageOf(await promptTokens, answer)
  if (signal.aborted) return
  yield utf8.encode(encoder.encode({ type: 'finish', reason: answer.finish }) + encoder.encode({ type: 'usage', usage }) + encoder.end())
}
