import type { ChatResult, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { fromOpenAIUsage } from '../../wire/usage.js'
import type { CallContext } from '../types.js'
import { argumentsText, contentText, isRecord, nonEmptyString, stringField, type JsonRecord } from './json-fields.js'
import { mapFinishReason } from './map-finish-reason.js'
import { parseOpenAIError, statusOfStreamError, type ErrorMapper } from './parse-error.js'
import { syntheticToolCallId } from './tool-call-id.js'

/**
 * A `chat.completion` as a ChatResult. Only choice 0 is read: the canonical result has one
 * answer (n>1 is relayed untouched on the fast path only).
 */
export function parseOpenAIResponse(body: unknown, ctx: CallContext, mapError: ErrorMapper = parseOpenAIError): ChatResult {
  if (!isRecord(body)) throw malformed(ctx, 'the body is not a JSON object')
  // Some compatible servers answer 200 with an error body.
  if (body.error !== undefined && body.error !== null) {
    throw mapError(statusOfStreamError(body), body, new Headers(), ctx)
  }
  const choices = Array.isArray(body.choices) ? body.choices.filter(isRecord) : []
  const choice = choices.find((c) => c.index === 0) ?? choices[0]
  if (choice === undefined) throw malformed(ctx, 'it has no choices')
  const message = isRecord(choice.message) ? choice.message : {}

  const toolCalls = readToolCalls(message, ctx)
  const rawFinish = stringField(choice.finish_reason)
  const finish = rawFinish === undefined ? (toolCalls.length > 0 ? 'tool_calls' : 'stop') : mapFinishReason(rawFinish, toolCalls.length > 0)
  if (finish === 'error') {
    throw new GatewayError('upstream_error', `Provider '${ctx.provider.name}' reported an error while generating (finish_reason: error).`, {
      provider: ctx.provider.name,
    })
  }

  const result: ChatResult = { text: contentText(message.content) ?? null, toolCalls, finish }
  const id = nonEmptyString(body.id)
  if (id !== undefined) result.id = id
  const model = nonEmptyString(body.model)
  if (model !== undefined) result.upstreamModel = model
  const reasoning = nonEmptyString(message.reasoning_content) ?? nonEmptyString(message.reasoning)
  if (reasoning !== undefined) result.reasoning = reasoning
  const refusal = nonEmptyString(message.refusal)
  if (refusal !== undefined) result.refusal = refusal
  if (rawFinish !== undefined) result.rawFinish = rawFinish
  const usage = fromOpenAIUsage(body.usage)
  if (usage !== undefined) result.usage = usage
  return result
}

function readToolCalls(message: JsonRecord, ctx: CallContext): ToolCall[] {
  const calls: ToolCall[] = []
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isRecord(call)) continue
      const fn = isRecord(call.function) ? call.function : {}
      calls.push({
        id: nonEmptyString(call.id) ?? syntheticToolCallId(ctx, calls.length),
        name: stringField(fn.name) ?? '',
        arguments: argumentsText(fn.arguments) ?? '',
      })
    }
  }
  // The legacy functions API: one call, no id.
  if (calls.length === 0 && isRecord(message.function_call)) {
    const fn = message.function_call
    calls.push({ id: syntheticToolCallId(ctx, 0), name: stringField(fn.name) ?? '', arguments: argumentsText(fn.arguments) ?? '' })
  }
  return calls
}

function malformed(ctx: CallContext, why: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${ctx.provider.name}' sent a chat completion the gateway cannot read: ${why}.`, {
    provider: ctx.provider.name,
  })
}
