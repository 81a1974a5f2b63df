import type { ChatResult, JsonObject, ReasoningBlock, ToolCall } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { asString, isObject, nonEmptyString, readArray } from '../json.js'
import type { ReaderContext } from '../reader-context.js'
import { upstreamToolName } from './decode-tools.js'
import { finishOf } from './read-events.js'
import { fromResponsesUsage } from './usage.js'

/**
 * The one reading of a whole Response object (a non-streamed answer), for the passthrough path
 * (usage and text for metrics and logs) and any adapter that parses Responses. A `failed`
 * response, or an error body sent with 200, is the provider's error.
 */
export function readResponsesResult(body: unknown, ctx: ReaderContext): ChatResult {
  if (!isObject(body)) throw new GatewayError('upstream_error', `Provider '${ctx.provider}' sent a response the gateway cannot read: the body is not a JSON object.`, { provider: ctx.provider })
  if (body.status === 'failed' || (body.object !== 'response' && isObject(body.error))) {
    throw ctx.streamError({ error: isObject(body.error) ? body.error : { message: 'The response failed.' } })
  }
  let text: string | null = null
  let refusal: string | undefined
  const reasoning: ReasoningBlock[] = []
  const toolCalls: ToolCall[] = []
  for (const item of readArray(body.output).filter(isObject)) {
    switch (item.type) {
      case 'message':
        for (const part of readArray(item.content).filter(isObject)) {
          if (part.type === 'output_text') text = (text ?? '') + (asString(part.text) ?? '')
          else if (part.type === 'refusal') refusal = (refusal ?? '') + (asString(part.refusal) ?? '')
        }
        break
      case 'reasoning':
        reasoning.push(reasoningOf(item))
        break
      case 'function_call':
      case 'custom_tool_call':
        toolCalls.push(callOf(item))
        break
      default:
        break
    }
  }
  const result: ChatResult = { text, toolCalls, finish: finishOf(body, toolCalls.length > 0), rawFinish: asString(body.status) ?? 'completed' }
  if (reasoning.length > 0) result.reasoning = reasoning
  if (refusal !== undefined) result.refusal = refusal
  const id = nonEmptyString(body.id)
  if (id !== undefined) result.id = id
  const model = nonEmptyString(body.model)
  if (model !== undefined) result.upstreamModel = model
  const usage = fromResponsesUsage(body.usage)
  if (usage !== undefined) result.usage = usage
  return result
}

function reasoningOf(item: JsonObject): ReasoningBlock {
  const texts = readArray(item.summary).filter(isObject).map((s) => asString(s.text) ?? '')
  const block: ReasoningBlock = { text: texts.join('\n\n') }
  const encrypted = nonEmptyString(item.encrypted_content)
  if (encrypted !== undefined) {
    block.signature = encrypted
    block.origin = 'openai'
  }
  return block
}

function callOf(item: JsonObject): ToolCall {
  const name = upstreamToolName(asString(item.name) ?? '', asString(item.namespace))
  const args = item.type === 'custom_tool_call' ? JSON.stringify({ input: asString(item.input) ?? '' }) : (asString(item.arguments) ?? '')
  return { id: asString(item.call_id) ?? '', name, arguments: args }
}
