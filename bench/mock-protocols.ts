/**
 * The bench mock's answers in Anthropic's Messages and OpenAI's Responses protocols, shaped as
 * the recorded streams in ../shared/fixtures (anthropic/messages-stream-text.sse,
 * openai-responses/responses-stream-text.sse): the same STREAM_CHUNKS words as the chat answer,
 * so every front door moves the same content.
 */
export const STREAM_CHUNKS = 64
const WORDS = 'word '.repeat(STREAM_CHUNKS).trim()

const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`

export const messagesJson = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'bench-claude',
  content: [{ type: 'text', text: WORDS }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: STREAM_CHUNKS },
})

export const messagesStream = {
  head:
    event('message_start', { message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'bench-claude', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } } }) +
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  word: event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'word ' } }),
  tail:
    event('content_block_stop', { index: 0 }) +
    event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: STREAM_CHUNKS } }) +
    event('message_stop', {}),
}

const response = (status: string, text: string, usage: Record<string, unknown> | null) => ({
  id: 'resp_bench',
  object: 'response',
  created_at: 1768775279,
  status,
  model: 'bench-model',
  output: text === '' ? [] : [{ id: 'msg_bench', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text }] }],
  usage,
})
const responsesUsage = { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: STREAM_CHUNKS, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 12 + STREAM_CHUNKS }

export const responsesJson = JSON.stringify(response('completed', WORDS, responsesUsage))

/** The Responses events, numbered as they go out (sequence_number is contiguous from 0). */
export function responsesStream(): { head(): string; word(): string; tail(): string } {
  let seq = 0
  const e = (type: string, data: Record<string, unknown>) => event(type, { ...data, sequence_number: seq++ })
  const item = { id: 'msg_bench', type: 'message', role: 'assistant' }
  return {
    head: () =>
      e('response.created', { response: response('in_progress', '', null) }) +
      e('response.in_progress', { response: response('in_progress', '', null) }) +
      e('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } }) +
      e('response.content_part.added', { item_id: 'msg_bench', output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } }),
    word: () => e('response.output_text.delta', { item_id: 'msg_bench', output_index: 0, content_index: 0, delta: 'word ' }),
    tail: () =>
      e('response.output_text.done', { item_id: 'msg_bench', output_index: 0, content_index: 0, text: WORDS }) +
      e('response.content_part.done', { item_id: 'msg_bench', output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text: WORDS } }) +
      e('response.output_item.done', { output_index: 0, item: { ...item, status: 'completed', content: [{ type: 'output_text', annotations: [], text: WORDS }] } }) +
      e('response.completed', { response: response('completed', WORDS, responsesUsage) }),
  }
}
