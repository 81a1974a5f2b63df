/**
 * A Converse answer → ChatResult: `output.message.content[]` blocks (`text`, `toolUse`,
 * `reasoningContent.reasoningText.text`), `stopReason`, `usage`. Tool use ids are Bedrock's
 * own (`tooluse_…`) and are kept: tool results refer back to them.
 */
import type { ChatResult, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { readArray, readObject, asString, isObject } from '../../wire/json.js'
import { mapStopReason } from './map-stop-reason.js'
import { parseUsage } from './parse-usage.js'

export function parseBedrockResponse(body: unknown, ctx: CallContext): ChatResult {
  if (!isObject(body) || !isObject(body.output)) {
    throw new GatewayError('upstream_error', `Provider '${ctx.provider.name}' answered without an output message.`, {
      provider: ctx.provider.name,
    })
  }
  let text = ''
  let reasoning = ''
  const toolCalls: ToolCall[] = []
  for (const block of readArray(readObject(body.output.message).content)) {
    if (!isObject(block)) continue
    const blockText = asString(block.text)
    if (blockText !== undefined) text += blockText
    if (isObject(block.toolUse)) {
      const id = asString(block.toolUse.toolUseId)
      const name = asString(block.toolUse.name)
      if (id !== undefined && name !== undefined) {
        toolCalls.push({ id, name, arguments: JSON.stringify(block.toolUse.input ?? {}) })
      }
    }
    const thought = asString(readObject(readObject(block.reasoningContent).reasoningText).text)
    if (thought !== undefined) reasoning += thought
  }

  const rawFinish = asString(body.stopReason)
  const result: ChatResult = {
    text: text === '' && toolCalls.length > 0 ? null : text,
    toolCalls,
    finish: rawFinish === undefined ? (toolCalls.length > 0 ? 'tool_calls' : 'stop') : mapStopReason(rawFinish),
  }
  if (reasoning !== '') result.reasoning = [{ text: reasoning }]
  if (rawFinish !== undefined) result.rawFinish = rawFinish
  const usage = parseUsage(body.usage)
  if (usage !== undefined) result.usage = usage
  return result
}
