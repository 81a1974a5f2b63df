import type { StreamTap, TappedFrame } from '../../streaming/relay.js'
import { frameText } from '../../streaming/relay.js'
import { tallyEvents } from '../../streaming/tally-events.js'
import type { ReaderContext } from '../reader-context.js'
import { createMessagesEventReader } from './event-reader.js'

const DROP: TappedFrame = Object.freeze({ sse: '', token: false, commits: false })

/**
 * The tap over a relayed Messages stream, reading every frame with the one event reader: every
 * frame passes through as it came (its `event:` line and its data, padding included), the reader
 * keeps the tally (usage from message_start and message_delta, the stop reason, token pieces).
 * An `error` event is thrown as its GatewayError, which the lifecycle writes as the door's own
 * `event: error`. Stray non-SSE lines are dropped; the stream ends after `message_stop`.
 */
export function messagesTap(reader: ReaderContext): StreamTap {
  const events = createMessagesEventReader(reader)
  return {
    get done() {
      return events.done
    },
    frame(frame, tally) {
      const token = tallyEvents(events.read(frame), tally)
      if (events.usage !== undefined) tally.usage = events.usage
      if (frame.event === 'unparsed') return DROP
      return { sse: frameText(frame), token, commits: token || events.finished }
    },
    end(tally) {
      tallyEvents(events.end(), tally)
      return ''
    },
  }
}
