import { kindAdapter } from '../kind-adapter.js'
import type { ProviderAdapter } from '../types.js'
import { buildOllamaRequest } from './build-request.js'
import { ollamaCapabilities } from './capabilities.js'
import { ollamaEmbeddings } from './embeddings.js'
import { parseOllamaError } from './parse-error.js'
import { parseOllamaResponse } from './parse-response.js'
import { parseOllamaStream } from './parse-stream.js'

/** Ollama's native API: POST /api/chat (NDJSON streaming) and POST /api/embed. */
export const ollamaAdapter: ProviderAdapter = kindAdapter('ollama', {
  kind: 'ollama',
  capabilities: ollamaCapabilities,
  buildRequest: buildOllamaRequest,
  parseResponse: parseOllamaResponse,
  parseStream: parseOllamaStream,
  parseError: parseOllamaError,
  embeddings: ollamaEmbeddings,
})
