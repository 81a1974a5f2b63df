/**
 * Gemini `finishReason` → canonical finish, or an error for the reasons that mean the model
 * failed rather than finished (SOURCES.md, "finishReason").
 *
 * - STOP is "stop", or "tool_calls" when the turn produced a functionCall: Gemini has no
 *   separate tool-call reason (generate-content-response-function-call.json: STOP + a call).
 * - MAX_TOKENS → "length". Safety, recitation and policy blocks → "content_filter".
 * - MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS: the model broke the
 *   tool protocol and the turn carries no usable answer. Reporting "stop" would hand the client
 *   an empty reply as if it were complete, so these become an `upstream_error` (502). It is
 *   retryable: sampling again, or another deployment, often succeeds.
 * - LANGUAGE, OTHER, FINISH_REASON_UNSPECIFIED and anything newer → "stop" (the raw value is kept).
 */
import type { FinishReason } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'

export type MappedFinish = { kind: 'finish'; reason: FinishReason } | { kind: 'error'; error: GatewayError }

const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
])

const TOOL_PROTOCOL_FAILURES: Readonly<Record<string, string>> = {
  MALFORMED_FUNCTION_CALL: 'the model produced a malformed function call',
  UNEXPECTED_TOOL_CALL: 'the model called a tool that was not offered',
  TOO_MANY_TOOL_CALLS: 'the model made too many tool calls',
}

export function mapFinishReason(
  raw: string,
  sawToolCall: boolean,
  ctx: CallContext,
  finishMessage?: string,
): MappedFinish {
  if (raw === 'STOP') return { kind: 'finish', reason: sawToolCall ? 'tool_calls' : 'stop' }
  if (raw === 'MAX_TOKENS') return { kind: 'finish', reason: 'length' }
  if (CONTENT_FILTER.has(raw)) return { kind: 'finish', reason: 'content_filter' }
  const failure = TOOL_PROTOCOL_FAILURES[raw]
  if (failure !== undefined) {
    const detail = finishMessage === undefined ? '' : `: ${finishMessage}`
    return {
      kind: 'error',
      error: new GatewayError('upstream_error', `Provider '${ctx.provider.name}': ${failure} (${raw})${detail}`, {
        provider: ctx.provider.name,
        code: raw.toLowerCase(),
      }),
    }
  }
  return { kind: 'finish', reason: 'stop' }
}

/** A prompt Gemini refused to answer: `promptFeedback.blockReason` and no candidates. */
export function blockedPromptError(blockReason: string, ctx: CallContext, blockMessage?: string): GatewayError {
  const detail = blockMessage === undefined ? '' : `: ${blockMessage}`
  return new GatewayError(
    'content_filter',
    `Provider '${ctx.provider.name}' blocked the prompt (${blockReason})${detail}`,
    { provider: ctx.provider.name },
  )
}
