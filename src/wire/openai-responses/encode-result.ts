import type { ChatResult, JsonObject } from '../../canonical/chat.js'
import type { ToolMap } from './decode-tools.js'
import { newId } from './ids.js'
import { messageItem, outputTextPart, reasoningItem, refusalPart, toolCallItem, withoutEncrypted } from './output-items.js'
import { responsesUsage } from './usage.js'
import { endOf, responseObject, type ResponseShell } from './response-object.js'

/** What the encoders of one request share: the Response's shell, the client's tools, and where the finished Response goes. */
export interface ResponsesEncoding {
  shell: ResponseShell
  tools: ToolMap
  /** The client asked for `reasoning.encrypted_content`. */
  includeEncrypted: boolean
  /**
   * Called once with the finished Response, opaque reasoning included (the stored copy), before
   * the answer's last byte is sent, so a client that continues at once finds it stored.
   */
  onFinished?(stored: JsonObject): void
}

/** A canonical result as a Response object (the JSON answer of a translated request). */
export function encodeResponse(result: ChatResult, enc: ResponsesEncoding): string {
  const { status, incompleteReason } = endOf(result.finish)
  const output = resultOutput(result, enc.tools)
  const end = (items: readonly JsonObject[]) => ({
    output: items,
    usage: result.usage === undefined ? null : responsesUsage(result.usage),
    ...(incompleteReason === undefined ? {} : { incompleteReason }),
  })
  const shell = { ...enc.shell, model: result.upstreamModel ?? enc.shell.model }
  const stored = responseObject(shell, status, end(output))
  enc.onFinished?.(stored)
  return JSON.stringify(enc.includeEncrypted ? stored : responseObject(shell, status, end(output.map(withoutEncrypted))))
}

/** The output items of a result: reasoning, then the message, then the tool calls, as OpenAI orders them. */
function resultOutput(result: ChatResult, tools: ToolMap): JsonObject[] {
  const output: JsonObject[] = []
  for (const block of result.reasoning ?? []) output.push(reasoningItem(newId('rs'), block))
  const content: JsonObject[] = []
  if (result.text !== null && result.text !== '') content.push(outputTextPart(result.text))
  if (result.refusal !== undefined && result.refusal !== '') content.push(refusalPart(result.refusal))
  if (content.length > 0) output.push(messageItem(newId('msg'), 'completed', content))
  for (const call of result.toolCalls) output.push(toolCallItem(newId(tools.get(call.name)?.kind === 'custom' ? 'ctc' : 'fc'), call, tools, 'completed'))
  return output
}
