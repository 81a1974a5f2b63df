import type { ChatEvent } from '../../canonical/chat.js'
import type { Frame } from '../../streaming/frame.js'
import { readMessagesEvents, type MessagesReaderOptions } from '../../wire/anthropic-messages/event-reader.js'
import type { CallContext } from '../types.js'
import { answerEventsFromTool } from '../shared/json-answer-tool.js'
import { streamErrorToGateway } from './parse-error.js'

/** How this adapter reads Messages answers: the protocol's one reader, with Anthropic's error mapping; reasoning signed by this kind. */
export function readerOptions(ctx: CallContext): MessagesReaderOptions {
  return { requestId: ctx.requestId, provider: ctx.provider.name, streamError: (body) => streamErrorToGateway(body, ctx), origin: 'anthropic' }
}

/** Messages API stream events → canonical events, read by wire/anthropic-messages/event-reader.ts. */
export function parseAnthropicStream(frames: AsyncIterable<Frame>, ctx: CallContext): AsyncIterable<ChatEvent> {
  const events = readMessagesEvents(frames, readerOptions(ctx))
  return ctx.answerTool === undefined ? events : answerEventsFromTool(events, ctx)
}
