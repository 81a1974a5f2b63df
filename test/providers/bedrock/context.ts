import type { ChatRequest } from '../../../src/canonical/chat.js'
import type { ProviderConfig } from '../../../src/config/types.js'
import type { CallContext } from '../../../src/providers/types.js'

export const ACCESS_KEY_ID = 'AKIAEXAMPLE'
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'

export function bedrockContext(overrides: Partial<ProviderConfig<'bedrock'>> = {}, dropParams = false): CallContext<'bedrock'> {
  return {
    provider: {
      name: 'aws',
      kind: 'bedrock',
      baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      missingEnv: [],
      headers: {},
      models: [],
      options: { region: 'us-east-1', access_key_id: ACCESS_KEY_ID, secret_access_key: SECRET_ACCESS_KEY },
      ...overrides,
    },
    model: 'us.amazon.nova-micro-v1:0',
    requestId: 'req-test',
    dropParams,
    dropped: [],
  }
}

export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'us.amazon.nova-micro-v1:0',
    messages: [{ role: 'user', content: 'Hello' }],
    stream: false,
    includeUsage: false,
    params: {},
    ...overrides,
  }
}
