import type { ChatResult } from '../../canonical/chat.js'
import { readMessagesResult } from '../../wire/anthropic-messages/read-result.js'
import type { CallContext } from '../types.js'
import { answerFromTool } from '../shared/json-answer-tool.js'
import { readerOptions } from './parse-stream.js'

/** A Messages API answer → ChatResult, read by wire/anthropic-messages/read-result.ts. */
export function parseAnthropicResponse(body: unknown, ctx: CallContext): ChatResult {
  return answerFromTool(readMessagesResult(body, readerOptions(ctx)), ctx)
}
