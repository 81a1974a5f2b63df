import type { ChatMessage, ChatRequest } from '../canonical/chat.js'
import type { CheckedAnswer, Failure } from './check-answer.js'
import { describeFailures } from './check-answer.js'

/**
 * The request asked again after an invalid answer: the conversation with the model's answer as
 * it came, then what was wrong with it. Tool calls get one tool result each (an error for the
 * failed ones: every call needs its result before the next turn), structured output a user
 * message. The model sees its own mistake and the schema path that broke.
 */
export function askAgain(request: ChatRequest, answer: CheckedAnswer, failures: readonly Failure[]): ChatRequest {
  const wrong = describeFailures(failures)
  const turn: ChatMessage[] = []
  if (answer.toolCalls.length > 0) {
    turn.push({ role: 'assistant', content: answer.text, toolCalls: answer.toolCalls })
    const failedNames = new Set(failures.map((f) => f.name))
    for (const call of answer.toolCalls) {
      const failed = failedNames.has(call.name.slice(0, 100))
      const content = failed ? `Error: this call was not made. ${wrong}. Call only the declared functions, with arguments that match their JSON Schemas.` : 'Not run: another call in the same turn was invalid.'
      turn.push({ role: 'tool', toolCallId: call.id, content, isError: true })
    }
  } else {
    turn.push({ role: 'assistant', content: answer.text ?? '' })
  }
  const missing = failures.some((f) => f.result === 'missing')
  if (answer.toolCalls.length === 0) {
    const ask = missing ? `Your answer must call a tool: ${wrong}.` : `Your answer was not valid: ${wrong}. Answer again with JSON only, matching the requested schema.`
    turn.push({ role: 'user', content: ask })
  }
  return { ...request, messages: [...request.messages, ...turn] }
}
