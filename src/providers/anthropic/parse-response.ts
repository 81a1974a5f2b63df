import type { ChatResult, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'
import { asArray, asObject, asString } from '../../wire/json.js'
import { mapStopReason } from './map-stop-reason.js'
import { streamErrorToGateway } from './parse-error.js'
import { mergeUsage, NO_USAGE, toUsage } from './usage.js'

/**
 * A Messages API answer (fixtures/anthropic/messages-response-*.json) → ChatResult. Text
 * blocks make the text, `thinking` blocks the reasoning (never the text), `tool_use` blocks
 * the tool calls with `input` serialised back to JSON text. Other blocks (redacted thinking,
 * server tools) have no OpenAI counterpart and are skipped.
 */
export function parseAnthropicResponse(body: unknown, ctx: CallContext): ChatResult {
  const message = asObject(body)
  if (message?.type === 'error') throw streamErrorToGateway(message, ctx)
  const content = asArray(message?.content)
  if (message === undefined || content === undefined) {
    throw new GatewayError('upstream_error', `${ctx.provider.name}: the answer is not a Messages API message.`, {
      provider: ctx.provider.name,
    })
  }

  const texts: string[] = []
  const thoughts: string[] = []
  const toolCalls: ToolCall[] = []
  for (const raw of content) {
    const block = asObject(raw)
    switch (block?.type) {
      case 'text':
        texts.push(asString(block.text) ?? '')
        break
      case 'thinking':
        thoughts.push(asString(block.thinking) ?? '')
        break
      case 'tool_use':
        toolCalls.push({
          id: asString(block.id) ?? '',
          name: asString(block.name) ?? '',
          arguments: JSON.stringify(asObject(block.input) ?? {}),
        })
        break
      default:
        break
    }
  }

  const rawFinish = asString(message.stop_reason)
  const result: ChatResult = {
    text: texts.length > 0 ? texts.join('') : null,
    toolCalls,
    finish: mapStopReason(rawFinish),
    usage: toUsage(mergeUsage(NO_USAGE, message.usage)),
  }
  const id = asString(message.id)
  if (id !== undefined) result.id = id
  const model = asString(message.model)
  if (model !== undefined) result.upstreamModel = model
  if (thoughts.length > 0) result.reasoning = [{ text: thoughts.join('') }]
  if (rawFinish !== undefined) result.rawFinish = rawFinish
  return result
}
