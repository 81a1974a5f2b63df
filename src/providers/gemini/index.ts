/** The Gemini (Generative Language API) adapter. */
import { kindAdapter } from '../kind-adapter.js'
import type { ProviderAdapter } from '../types.js'
import { buildGeminiRequest } from './build-request.js'
import { geminiCapabilities } from './capabilities.js'
import { geminiCountTokens } from './count-tokens.js'
import { geminiEmbeddings } from './embeddings.js'
import { parseGeminiError } from './parse-error.js'
import { parseGeminiResponse } from './parse-response.js'
import { parseGeminiStream } from './parse-stream.js'

export const geminiAdapter: ProviderAdapter = kindAdapter('gemini', {
  kind: 'gemini',
  capabilities: geminiCapabilities,
  buildRequest: buildGeminiRequest,
  parseResponse: parseGeminiResponse,
  parseStream: parseGeminiStream,
  parseError: parseGeminiError,
  embeddings: geminiEmbeddings,
  countTokens: geminiCountTokens,
})
