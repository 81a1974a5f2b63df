import type { ToolCall } from '../../canonical/chat.js'
import { readTokenCounts } from '../../canonical/token-count.js'
import { asArray, asObject, asString } from '../../wire/json.js'

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
  /** Counters with values that are no token counts (dropped), for the log. */
  implausible?: string[]
  /** Set when the object is `{"error": "…"}`. */
  error?: string
}

/**
 * Reads `ChatResponse` (ollama/ollama api/types.go). Tool calls arrive whole, with
 * `arguments` as an object, which becomes OpenAI's JSON string. A call the server sent
 * without an id keeps `id: ''`; the parser, which knows the call's place in the answer, names it.
 */
export function readChunk(value: unknown): ChatChunk | undefined {
  const root = asObject(value)
  if (root === undefined) return undefined
  const error = root.error
  if (error !== undefined && error !== null) {
    return { content: '', thinking: '', toolCalls: [], done: false, error: asString(error) ?? JSON.stringify(error) }
  }
  const message = asObject(root.message)
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
  const { counts, implausible } = readTokenCounts(root, ['prompt_eval_count', 'eval_count'])
  if (counts.prompt_eval_count !== undefined) chunk.promptEvalCount = counts.prompt_eval_count
  if (counts.eval_count !== undefined) chunk.evalCount = counts.eval_count
  if (implausible.length > 0) chunk.implausible = implausible
  return chunk
}

function readToolCall(value: unknown): ToolCall {
  const call = asObject(value)
  const fn = asObject(call?.function)
  const args = fn?.arguments
  const id = asString(call?.id)
  return {
    id: id ?? '',
    name: asString(fn?.name) ?? '',
    arguments: typeof args === 'string' ? args : JSON.stringify(asObject(args) ?? {}),
  }
}
