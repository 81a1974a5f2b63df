import type { JsonObject } from '../canonical/chat.js'
import type { GatewayError } from '../errors/gateway-error.js'
import type { Exchange } from '../lifecycle/exchange.js'
import type { RequestContext } from '../lifecycle/request-context.js'
import { attemptGenerate, type GenerateCodec } from '../routing/attempt-generate.js'
import { chatNeeds } from '../routing/require-capabilities.js'
import { countPromptTokens } from '../tokens/count-tokens.js'

/** What a generating door adds to its exchange beyond the codec. */
export interface GenerateExtras {
  /** The body the response cache keys on; absent: never answered from the cache. */
  cacheBody?: JsonObject | undefined
  streamError?(error: GatewayError): string
}

/**
 * The exchange of a generating request (chat, completions, Responses, Messages): the canonical
 * request says what deployments must support and what the log and the token count read; the
 * codec says how one attempt passes it through or translates it.
 */
export function generateExchange(rc: RequestContext, model: string, codec: GenerateCodec, extras: GenerateExtras = {}): Exchange {
  const { request } = codec
  return {
    model,
    stream: request.stream,
    needs: chatNeeds(request),
    ...(extras.cacheBody === undefined ? {} : { cacheBody: extras.cacheBody }),
    ...(extras.streamError === undefined ? {} : { streamError: extras.streamError }),
    logContent: request.messages,
    countPrompt: () => countPromptTokens(request.messages),
    attempt: (target) => attemptGenerate(rc.deps.upstream, target, codec),
  }
}
