import type { JsonObject } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'
import { frameText, type StreamTap, type TappedFrame } from '../../streaming/relay.js'
import { tallyEvents } from '../../streaming/tally-events.js'
import type { ReaderContext } from '../reader-context.js'
import { failureFrames } from './event-frames.js'
import { createResponsesEventReader } from './read-events.js'

const DROP: TappedFrame = Object.freeze({ sse: '', token: false, commits: false })

export interface ResponsesTap extends StreamTap {
  /** A failure after the stream started, continuing its sequence: `error`, then `response.failed`. */
  error(error: GatewayError): string
}

/**
 * The tap over a relayed Responses stream: every frame goes to the client as the upstream sent
 * it (obfuscation padding and unknown events included, no `[DONE]` added), read once by the
 * protocol's reader for the metrics (usage, first token, finish) and in-stream errors. The
 * finished response (from `response.completed` / `response.incomplete`) goes to `onFinished`
 * before that frame is relayed.
 */
export function responsesTap(ctx: ReaderContext, onFinished?: (response: JsonObject) => void): ResponsesTap {
  const reader = createResponsesEventReader(ctx)
  let relayed = 0
  return {
    get done() {
      return reader.done
    },
    frame(frame, tally) {
      const facts = reader.read(frame)
      const token = tallyEvents(facts.events, tally)
      if (facts.payload === undefined) return DROP
      if (reader.finished && reader.response !== undefined) onFinished?.(reader.response)
      relayed++
      return { sse: frameText(frame), token, commits: token || reader.finished }
    },
    end(tally) {
      tallyEvents(reader.end(), tally)
      return ''
    },
    error(error) {
      // Streams without sequence numbers (2025-03) are counted by the events relayed.
      let next = reader.lastSequence === undefined ? relayed : reader.lastSequence + 1
      const response = reader.response ?? { object: 'response', status: 'failed', output: [] }
      return failureFrames(error, response, () => next++)
    },
  }
}
