import type { ChatResult, JsonObject, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { asString, isObject, nonEmptyString } from '../json.js'
import { fromOpenAIUsage } from '../openai/usage.js'
import { toolCallId } from '../tool-call-id.js'
import { argumentsText, contentText } from './fields.js'
import { mapFinishReason } from './finish-reason.js'
import type { ReaderContext } from '../reader-context.js'

/**
 * The one reading of a `chat.completion` (or legacy `text_completion`) body, used by the
 * openai adapter and by the relay path that passes the body through. Only choice 0 is read:
 * the canonical result has one answer (n>1 is relayed untouched on the passthrough path).
 */
export function readOpenAIResult(body: unknown, opts: ReaderContext): ChatResult {
  if (!isObject(body)) throw malformed(opts.provider, 'the body is not a JSON object')
  // Some compatible servers answer 200 with an error body.
  if (body.error !== undefined && body.error !== null) throw opts.streamError(body)
  const choices = Array.isArray(body.choices) ? body.choices.filter(isObject) : []
  const choice = choices.find((c) => c.index === 0) ?? choices[0]
  if (choice === undefined) throw malformed(opts.provider, 'it has no choices')
  const message = isObject(choice.message) ? choice.message : undefined

  const toolCalls = message === undefined ? [] : readToolCalls(message, opts.requestId)
  const rawFinish = asString(choice.finish_reason)
  const finish = rawFinish === undefined ? (toolCalls.length > 0 ? 'tool_calls' : 'stop') : mapFinishReason(rawFinish, toolCalls.length > 0)
  if (finish === 'error') {
    throw new GatewayError('upstream_error', `Provider '${opts.provider}' reported an error while generating (finish_reason: error).`, { provider: opts.provider })
  }
  const text = message === undefined ? asString(choice.text) : contentText(message.content)
  const result: ChatResult = { text: text ?? null, toolCalls, finish }
  const id = nonEmptyString(body.id)
  if (id !== undefined) result.id = id
  const model = nonEmptyString(body.model)
  if (model !== undefined) result.upstreamModel = model
  const reasoning = message === undefined ? undefined : (nonEmptyString(message.reasoning_content) ?? nonEmptyString(message.reasoning))
  if (reasoning !== undefined) result.reasoning = [{ text: reasoning }]
  const refusal = message === undefined ? undefined : nonEmptyString(message.refusal)
  if (refusal !== undefined) result.refusal = refusal
  if (rawFinish !== undefined) result.rawFinish = rawFinish
  const usage = fromOpenAIUsage(body.usage)
  if (usage !== undefined) result.usage = usage
  return result
}

function readToolCalls(message: JsonObject, requestId: string): ToolCall[] {
  const calls: ToolCall[] = []
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isObject(call)) continue
      const fn = isObject(call.function) ? call.function : {}
      calls.push({
        id: nonEmptyString(call.id) ?? toolCallId(requestId, calls.length),
        name: asString(fn.name) ?? '',
        arguments: argumentsText(fn.arguments) ?? '',
      })
    }
  }
  // The legacy functions API: one call, no id.
  if (calls.length === 0 && isObject(message.function_call)) {
    const fn = message.function_call
    calls.push({ id: toolCallId(requestId, 0), name: asString(fn.name) ?? '', arguments: argumentsText(fn.arguments) ?? '' })
  }
  return calls
}

function malformed(provider: string, why: string): GatewayError {
  return new GatewayError('upstream_error', `Provider '${provider}' sent a chat completion the gateway cannot read: ${why}.`, { provider })
}
