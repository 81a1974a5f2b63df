import type { ChatRequest, JsonObject, SamplingParams } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import { completionsRequestSchema } from './chat-request-schema.js'
import { compileValidator } from './validate.js'

const validateCompletions = compileValidator(completionsRequestSchema)

/**
 * A legacy /v1/completions body. OpenAI-compatible upstreams with a completions endpoint get
 * `raw` relayed; every other provider gets it as a one-message chat (the prompt as the user
 * turn), which is how the request is also represented here.
 */
export function decodeCompletionsRequest(body: unknown): { request: ChatRequest; requestedModel: string; promptCount: number } {
  validateCompletions(body)
  const raw = body as Record<string, unknown>
  const prompts = typeof raw.prompt === 'string' ? [raw.prompt] : (raw.prompt as string[])
  const stream = raw.stream === true
  const params: SamplingParams = {}
  if (typeof raw.max_tokens === 'number') params.maxTokens = raw.max_tokens
  if (typeof raw.temperature === 'number') params.temperature = raw.temperature
  if (typeof raw.top_p === 'number') params.topP = raw.top_p
  if (typeof raw.n === 'number') params.n = raw.n
  if (typeof raw.seed === 'number') params.seed = raw.seed
  if (typeof raw.user === 'string') params.user = raw.user
  if (typeof raw.stop === 'string') params.stop = [raw.stop]
  else if (Array.isArray(raw.stop)) params.stop = raw.stop as string[]
  const streamOptions = raw.stream_options as Record<string, unknown> | null | undefined
  return {
    request: {
      model: raw.model as string,
      messages: [{ role: 'user', content: prompts[0] ?? '' }],
      stream,
      includeUsage: stream && streamOptions?.include_usage === true,
      params,
      raw: raw as JsonObject,
    },
    requestedModel: raw.model as string,
    promptCount: prompts.length,
  }
}

/** Parameters that only a native completions endpoint can honour. */
export function completionsOnlyParams(raw: JsonObject, promptCount: number): string[] {
  const found: string[] = []
  if (promptCount > 1) found.push('prompt')
  if (raw.echo === true) found.push('echo')
  if (typeof raw.suffix === 'string' && raw.suffix !== '') found.push('suffix')
  if (raw.logprobs !== undefined && raw.logprobs !== null) found.push('logprobs')
  if (raw.best_of !== undefined && raw.best_of !== null) found.push('best_of')
  return found
}

export function refuseCompletionsOnly(params: string[], provider: string): void {
  if (params.length === 0) return
  const first = params[0]!
  throw new GatewayError(
    'invalid_request',
    `Parameter '${first}' needs a native /v1/completions endpoint, which provider '${provider}' does not have (its completions are translated through chat).`,
    { param: first, code: 'unsupported_parameter' },
  )
}
