import type { ChatRequest } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import type { CallContext } from '../../../src/providers/types.js'

export const API_KEY = 'AIzaSy-test-key-never-in-urls'

export function geminiContext(overrides: Partial<ProviderConfig> = {}, dropParams = false): CallContext {
  return {
    provider: {
      name: 'google-ai',
      kind: 'gemini',
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      apiKey: API_KEY,
      missingEnv: [],
      headers: {},
      models: [],
      options: {},
      ...overrides,
    },
    model: 'gemini-2.0-flash',
    requestId: 'req-test',
    dropParams,
    dropped: [],
  }
}

export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'gemini-2.0-flash',
    messages: [{ role: 'user', content: 'Hello' }],
    stream: false,
    includeUsage: false,
    params: {},
    ...overrides,
  }
}
