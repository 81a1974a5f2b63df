import { randomBytes } from 'node:crypto'

/**
 * Gemini's API returns function calls without ids, so the gateway makes OpenAI-style ones.
 * Tool results are matched back to calls by these ids (and turned into function names) when
 * the conversation comes back.
 */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`
}
