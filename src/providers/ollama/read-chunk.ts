import type { ToolCall } from '../../canonical/chat.js'
import { asArray, asNumber, asRecord, asString } from './json.js'
import { newToolCallId } from './tool-call-id.js'

/** One /api/chat object (a whole answer, or one NDJSON line of a stream), narrowed. */
export interface ChatChunk {
  model?: string
  content: string
  thinking: string
  toolCalls: ToolCall[]
  done: boolean
  doneReason?: string
  promptEvalCount?: number
  evalCount?: number
  /** Set when the object is `{"error": "…"}`. */
  error?: string
}

/**
 * Reads `ChatResponse` (ollama/ollama api/types.go). Tool calls arrive whole, with
 * `arguments` as an object, which becomes OpenAI's JSON string; an id the server did not
 * send is generated.
 */
export function readChunk(value: unknown): ChatChunk | undefined {
  const root = asRecord(value)
  if (root === undefined) return undefined
  const error = root.error
  if (error !== undefined && error !== null) {
    return { content: '', thinking: '', toolCalls: [], done: false, error: asString(error) ?? JSON.stringify(error) }
  }
  const message = asRecord(root.message)
  const chunk: ChatChunk = {
    content: asString(message?.content) ?? '',
    thinking: asString(message?.thinking) ?? '',
    toolCalls: (asArray(message?.tool_calls) ?? []).map(readToolCall),
    done: root.done === true,
  }
  const model = asString(root.model)
  if (model !== undefined) chunk.model = model
  const doneReason = asString(root.done_reason)
  if (doneReason !== undefined) chunk.doneReason = doneReason
  const promptEvalCount = asNumber(root.prompt_eval_count)
  if (promptEvalCount !== undefined) chunk.promptEvalCount = promptEvalCount
  const evalCount = asNumber(root.eval_count)
  if (evalCount !== undefined) chunk.evalCount = evalCount
  return chunk
}

function readToolCall(value: unknown): ToolCall {
  const call = asRecord(value)
  const fn = asRecord(call?.function)
  const args = fn?.arguments
  const id = asString(call?.id)
  return {
    id: id === undefined || id === '' ? newToolCallId() : id,
    name: asString(fn?.name) ?? '',
    arguments: typeof args === 'string' ? args : JSON.stringify(asRecord(args) ?? {}),
  }
}
