import type { Ajv } from 'ajv'
import type { ChatRequest, JsonObject, SamplingParams } from '../../canonical/chat.js'
import { completionsRequestSchema } from './request-schema.js'
import { compileValidator } from '../validate.js'

export interface DecodedCompletions {
  request: ChatRequest
  requestedModel: string
  /** The client's body: what a native completions endpoint gets back, model replaced. */
  raw: JsonObject
  /** Parameters only a native completions endpoint can honour (refused when translated through chat). */
  completionsOnly: string[]
}

/** The completions decoder, its schema compiled once with the app's Ajv. */
export function createCompletionsDecoder(ajv: Ajv): (body: unknown) => DecodedCompletions {
  const validate = compileValidator(ajv, completionsRequestSchema)
  return (body) => {
    validate(body)
    return decodeCompletionsRequest(body as Record<string, unknown>)
  }
}

/**
 * A legacy /v1/completions body. OpenAI-compatible upstreams with a completions endpoint get
 * `raw` relayed; every other provider gets it as a one-message chat (the prompt as the user
 * turn), which is how the request is also represented here.
 */
function decodeCompletionsRequest(raw: Record<string, unknown>): DecodedCompletions {
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
    },
    requestedModel: raw.model as string,
    raw: raw as JsonObject,
    completionsOnly: completionsOnlyParams(raw, prompts.length),
  }
}

/** Parameters that only a native completions endpoint can honour. */
function completionsOnlyParams(raw: JsonObject, promptCount: number): string[] {
  const found: string[] = []
  if (promptCount > 1) found.push('prompt')
  if (raw.echo === true) found.push('echo')
  if (typeof raw.suffix === 'string' && raw.suffix !== '') found.push('suffix')
  if (raw.logprobs !== undefined && raw.logprobs !== null) found.push('logprobs')
  if (raw.best_of !== undefined && raw.best_of !== null) found.push('best_of')
  return found
}
