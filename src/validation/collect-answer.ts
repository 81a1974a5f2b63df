import type { ChatEvent, FinishReason, ToolCall } from '../canonical/chat.js'
import type { CheckedAnswer } from './check-answer.js'

/** Gathers what a stream's events say of the answer, for checking once it is complete. */
export interface AnswerCollector {
  add(event: ChatEvent): void
  /** A tool call has begun (what the stream gate holds from). */
  readonly calling: boolean
  answer(): CheckedAnswer
}

/** Past this much text or arguments the answer is not kept whole (the upstream body limit bounds it anyway). */
const MAX_COLLECTED_CHARS = 8 * 1024 * 1024

/**
 * Collects the first choice's text and tool calls. Streams of `n` choices are read by index by
 * the encoders; the canonical events carry the first choice, which is what is checked.
 */
export function createAnswerCollector(): AnswerCollector {
  let text = ''
  let refusal: string | undefined
  let finish: FinishReason = 'stop'
  let chars = 0
  const calls = new Map<number, ToolCall>()
  const room = (delta: string): boolean => (chars += delta.length) <= MAX_COLLECTED_CHARS
  return {
    add(event) {
      switch (event.type) {
        case 'text':
          if (room(event.delta)) text += event.delta
          break
        case 'refusal':
          refusal = (refusal ?? '') + event.delta
          break
        case 'tool-call-start':
          calls.set(event.index, { id: event.id, name: event.name, arguments: '' })
          break
        case 'tool-call-delta': {
          const call = calls.get(event.index)
          if (call !== undefined && room(event.argsDelta)) call.arguments += event.argsDelta
          break
        }
        case 'finish':
          finish = event.reason
          break
        default:
          break
      }
    },
    get calling() {
      return calls.size > 0
    },
    answer() {
      const toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call)
      return { text: text === '' && toolCalls.length > 0 ? null : text, toolCalls, finish, ...(refusal === undefined ? {} : { refusal }) }
    },
  }
}
