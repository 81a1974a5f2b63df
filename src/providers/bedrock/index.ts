/** The AWS Bedrock adapter: Converse / ConverseStream for chat, InvokeModel for embeddings. */
import { kindAdapter } from '../kind-adapter.js'
import { answerEventsFromTool, answerFromTool } from '../shared/json-answer-tool.js'
import type { ProviderAdapter } from '../types.js'
import { buildBedrockRequest } from './build-request.js'
import { bedrockCapabilities } from './capabilities.js'
import { bedrockEmbeddings } from './embeddings.js'
import { parseBedrockError } from './parse-error.js'
import { parseBedrockResponse } from './parse-response.js'
import { parseBedrockStream } from './parse-stream.js'

export const bedrockAdapter: ProviderAdapter = kindAdapter('bedrock', {
  kind: 'bedrock',
  capabilities: bedrockCapabilities,
  buildRequest: buildBedrockRequest,
  // json_object was asked as a forced tool (shared/json-answer-tool.ts): its input is the content.
  parseResponse: (body, ctx) => answerFromTool(parseBedrockResponse(body, ctx), ctx),
  parseStream: (frames, ctx) => (ctx.answerTool === undefined ? parseBedrockStream(frames, ctx) : answerEventsFromTool(parseBedrockStream(frames, ctx), ctx)),
  parseError: parseBedrockError,
  embeddings: bedrockEmbeddings,
})
