/**
 * A Converse answer → ChatResult: `output.message.content[]` blocks (`text`, `toolUse`,
 * `reasoningContent.reasoningText {text, signature}` or `reasoningContent.redactedContent`),
 * `stopReason`, `usage`. Tool use ids are Bedrock's own (`tooluse_…`) and are kept: tool results
 * refer back to them. Reasoning blocks keep their signature (origin `bedrock`): Claude on Bedrock
 * wants them back in a tool loop (build-messages.ts).
 */
import type { ChatResult, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
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
  const reasoning: ReasoningBlock[] = []
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
    const thought = reasoningBlock(block.reasoningContent)
    if (thought !== undefined) reasoning.push(thought)
  }

  const rawFinish = asString(body.stopReason)
  const result: ChatResult = {
    text: text === '' && toolCalls.length > 0 ? null : text,
    toolCalls,
    finish: rawFinish === undefined ? (toolCalls.length > 0 ? 'tool_calls' : 'stop') : mapStopReason(rawFinish),
  }
  if (reasoning.length > 0) result.reasoning = reasoning
  if (rawFinish !== undefined) result.rawFinish = rawFinish
  const usage = parseUsage(body.usage)
  if (usage !== undefined) result.usage = usage
  return result
}

function reasoningBlock(raw: unknown): ReasoningBlock | undefined {
  if (!isObject(raw)) return undefined
  const redacted = asString(raw.redactedContent)
  if (redacted !== undefined) return { text: '', redacted, origin: 'bedrock' }
  const text = readObject(raw.reasoningText)
  const thought = asString(text.text)
  if (thought === undefined) return undefined
  const signature = asString(text.signature)
  return signature === undefined ? { text: thought, origin: 'bedrock' } : { text: thought, signature, origin: 'bedrock' }
}
