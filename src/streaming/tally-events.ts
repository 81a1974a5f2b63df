import { assertNever, type ChatEvent } from '../canonical/chat.js'
import type { StreamTally } from './stream-piece.js'

/**
 * Reads one canonical event into the stream's tally (its usage, and its finish reason in the
 * provider's own words when it had them) and says whether it carried generated content: text,
 * reasoning, a refusal, or tool-call data. An in-stream error is thrown as its GatewayError. The one reading of events for metrics, whether the stream was
 * translated (encode-canonical-stream.ts) or relayed and tapped (a protocol's stream tap).
 */
export function tallyEvent(event: ChatEvent, tally: StreamTally): boolean {
  // Set only while an answer's tool calls or structured output are checked (src/validation/).
  tally.onEvent?.(event)
  switch (event.type) {
    case 'error':
      throw event.error
    case 'text':
    case 'reasoning':
    case 'refusal':
      return event.delta !== ''
    case 'tool-call-start':
    case 'tool-call-delta':
      return true
    case 'usage':
      tally.usage = event.usage
      return false
    case 'finish':
      tally.finish = event.raw ?? event.reason
      return false
    case 'start':
    case 'reasoning-done':
      return false
    default:
      return assertNever(event)
  }
}

/** The events of one relayed frame: whether any carried content (the frame then counts as one token piece). */
export function tallyEvents(events: readonly ChatEvent[], tally: StreamTally): boolean {
  let token = false
  for (const event of events) token = tallyEvent(event, tally) || token
  if (token) tally.tokenPieces++
  return token
}
