import type { ProviderAdapter } from '../types.js'
import { buildAnthropicRequest } from './build-request.js'
import { anthropicCapabilities } from './capabilities.js'
import { parseAnthropicError } from './parse-error.js'
import { parseAnthropicResponse } from './parse-response.js'
import { parseAnthropicStream } from './parse-stream.js'
import { anthropicPassthrough } from './passthrough.js'

/** Anthropic's Messages API (`POST /v1/messages`, SSE streaming). No embeddings endpoint. */
export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',
  capabilities: anthropicCapabilities,
  passthrough: anthropicPassthrough,
  buildRequest: buildAnthropicRequest,
  parseResponse: parseAnthropicResponse,
  parseStream: parseAnthropicStream,
  parseError: parseAnthropicError,
}
