import { randomBytes } from 'node:crypto'

/**
 * Older Ollama servers send tool calls without an id (fixtures/ollama/chat-response-tools.json)
 * and OpenAI clients need one to answer the call, so each gets a fresh `call_<random>` id.
 */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`
}
