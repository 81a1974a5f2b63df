/**
 * The errors the fake answers with, shaped as an OpenAI-compatible upstream sends them
 * (fixtures/openai/error-*), so the gateway maps them exactly as it would a real upstream's.
 */
export interface UpstreamError {
  status: number
  headers: Record<string, string>
  body: { error: { message: string; type: string; param: string | null; code: string | null } }
}

/** The error an OpenAI-compatible upstream would send for this status (shapes as in fixtures/openai/error-*). */
export function upstreamError(status: number): UpstreamError {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const error = (message: string, type: string, code: string | null, param: string | null = null): UpstreamError => ({ status, headers, body: { error: { message, type, param, code } } })
  switch (status) {
    case 400:
      return error('fake: invalid request (magic prompt).', 'invalid_request_error', null)
    case 401:
      return error('Incorrect API key provided (fake).', 'invalid_request_error', 'invalid_api_key')
    case 403:
      return error('fake: access denied (magic prompt).', 'invalid_request_error', null)
    case 404:
      return error('The model does not exist (fake).', 'invalid_request_error', 'model_not_found')
    case 429:
      headers['retry-after'] = '1'
      headers['retry-after-ms'] = '1000'
      return error('Rate limit reached for the fake model. Please try again in 1s.', 'requests', 'rate_limit_exceeded')
    case 503:
      headers['retry-after'] = '1'
      headers['retry-after-ms'] = '1000'
      return error('The fake engine is currently overloaded.', 'server_error', null)
    default:
      return error(`fake: upstream failure ${status} (magic prompt).`, status >= 500 ? 'server_error' : 'invalid_request_error', null)
  }
}

/** A 400 naming the parameter to fix, as OpenAI refuses a bad value. */
export function invalidRequest(message: string, param: string, code: string | null): UpstreamError {
  return { status: 400, headers: { 'content-type': 'application/json' }, body: { error: { message, type: 'invalid_request_error', param, code } } }
}

export function contextLengthError(): UpstreamError {
  return {
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: {
      error: {
        message: "This model's maximum context length is 131072 tokens. However, your messages resulted in 131073 tokens (fake). Please reduce the length of the messages.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    },
  }
}

/** The error line a mid-stream failure sends. */
export const MIDSTREAM_ERROR = JSON.stringify({
  error: { message: 'The fake model failed while generating (magic prompt).', type: 'server_error', param: null, code: null },
})
