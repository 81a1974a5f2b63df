import type { ChatRequest, JsonObject, SamplingParams } from '../../canonical/chat.js'
import type { CompletionsBody } from './request-schema.js'
import { COMPLETIONS_REQUEST_SCHEMA } from './request-schema.generated.js'
import type { RequestSchemas } from '../validate.js'

export interface DecodedCompletions {
  request: ChatRequest
  requestedModel: string
  /** The client's body: what a native completions endpoint gets back, model replaced. */
  raw: JsonObject
  /** Parameters only a native completions endpoint can honour (refused when translated through chat). */
  completionsOnly: string[]
}

/** The completions decoder, its schema compiled once (on first use) by the app's RequestSchemas. */
export function createCompletionsDecoder(schemas: RequestSchemas): (body: unknown) => DecodedCompletions {
  const validate = schemas.validator<CompletionsBody>(COMPLETIONS_REQUEST_SCHEMA)
  return (body) => decodeCompletionsRequest(validate(body))
}

/**
 * A legacy /v1/completions body. OpenAI-compatible upstreams with a completions endpoint get
 * `raw` relayed; every other provider gets it as a one-message chat (the prompt as the user
 * turn), which is how the request is also represented here.
 */
function decodeCompletionsRequest(body: CompletionsBody): DecodedCompletions {
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt
  const stream = body.stream === true
  const params: SamplingParams = {}
  if (typeof body.max_tokens === 'number') params.maxTokens = body.max_tokens
  if (typeof body.temperature === 'number') params.temperature = body.temperature
  if (typeof body.top_p === 'number') params.topP = body.top_p
  if (typeof body.n === 'number') params.n = body.n
  if (typeof body.seed === 'number') params.seed = body.seed
  if (body.user !== undefined) params.user = body.user
  if (typeof body.stop === 'string') params.stop = [body.stop]
  else if (Array.isArray(body.stop)) params.stop = body.stop
  return {
    request: {
      model: body.model,
      messages: [{ role: 'user', content: prompts[0] ?? '' }],
      stream,
      includeUsage: stream && body.stream_options?.include_usage === true,
      params,
    },
    requestedModel: body.model,
    raw: body,
    completionsOnly: completionsOnlyParams(body, prompts.length),
  }
}

/** Parameters that only a native completions endpoint can honour. */
function completionsOnlyParams(body: CompletionsBody, promptCount: number): string[] {
  const found: string[] = []
  if (promptCount > 1) found.push('prompt')
  if (body.echo === true) found.push('echo')
  if (typeof body.suffix === 'string' && body.suffix !== '') found.push('suffix')
  if (body.logprobs !== undefined && body.logprobs !== null) found.push('logprobs')
  if (body.best_of !== undefined && body.best_of !== null) found.push('best_of')
  return found
}
