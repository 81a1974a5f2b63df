import type { ChatEvent, ChatRequest, ChatResult } from '../../canonical/chat.js'
import type { CallContext } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'

/**
 * `response_format: json_object` for kinds with no schema-less JSON mode (Anthropic, whose
 * structured outputs require closed objects so "any object" cannot be a json_schema; Bedrock's
 * Converse): the answer is obtained by the provider's own means, a forced tool whose input is any
 * object, and returned as the content. The kind builds the request this returns as usual; the
 * call context remembers the tool for its parsers (answerFromTool, answerEventsFromTool).
 */
export const JSON_ANSWER_TOOL = 'json'

/** The request asking for a call to the JSON tool instead of a JSON format; refused where a forced tool cannot be used. */
export function jsonAnswerRequest(req: ChatRequest, ctx: CallContext, provider: string): ChatRequest {
  if ((req.tools?.length ?? 0) > 0) {
    unsupportedParam(ctx, 'response_format', `${provider} has no JSON-object mode, and the gateway forces a tool to get JSON, which cannot be combined with your own tools; send a json_schema response_format instead`)
    return { ...req, responseFormat: undefined }
  }
  if (req.reasoning !== undefined) {
    unsupportedParam(ctx, 'response_format', `${provider} has no JSON-object mode, and the forced tool the gateway uses instead is not allowed with extended thinking; send a json_schema response_format instead`)
    return { ...req, responseFormat: undefined }
  }
  ctx.answerTool = JSON_ANSWER_TOOL
  const tool = { name: JSON_ANSWER_TOOL, description: 'Give your whole answer as this JSON object.', parameters: { type: 'object' } }
  return { ...req, responseFormat: undefined, tools: [tool], toolChoice: { name: JSON_ANSWER_TOOL } }
}

/** A whole answer: the forced call's arguments become the content (text besides it is left out). */
export function answerFromTool(result: ChatResult, ctx: CallContext): ChatResult {
  const tool = ctx.answerTool
  if (tool === undefined) return result
  const call = result.toolCalls.find((c) => c.name === tool)
  if (call === undefined) return result
  return { ...result, text: call.arguments, toolCalls: result.toolCalls.filter((c) => c !== call), finish: result.finish === 'tool_calls' ? 'stop' : result.finish }
}

/**
 * A stream: the forced call's argument deltas become text deltas, and its finish a stop. Text
 * the model wrote besides the call is left out, as in a whole answer: the content is the JSON.
 */
export async function* answerEventsFromTool(events: AsyncIterable<ChatEvent>, ctx: CallContext): AsyncGenerator<ChatEvent> {
  const tool = ctx.answerTool
  let index: number | undefined
  for await (const event of events) {
    if (tool === undefined) {
      yield event
    } else if (event.type === 'text') {
      continue
    } else if (event.type === 'tool-call-start' && event.name === tool) {
      index = event.index
    } else if (event.type === 'tool-call-delta' && event.index === index) {
      if (event.argsDelta !== '') yield { type: 'text', delta: event.argsDelta }
    } else if (event.type === 'finish' && event.reason === 'tool_calls' && index !== undefined) {
      yield { ...event, reason: 'stop' }
    } else {
      yield event
    }
  }
}
