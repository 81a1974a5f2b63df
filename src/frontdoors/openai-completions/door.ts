import { createCompletionsDecoder } from '../../wire/openai-completions/decode-request.js'
import { createCompletionChunkEncoder, encodeTextCompletion } from '../../wire/openai-completions/encode.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { openAICodec, type OpenAIDialect } from '../openai/openai-codec.js'
import { generateExchange } from '../generate-exchange.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'

const NEEDS_NATIVE = 'it needs a native /v1/completions endpoint (this provider\'s completions are translated through chat)'
const COMPLETIONS: OpenAIDialect = { protocol: 'openai-completions', idPrefix: 'cmpl', encodeResult: encodeTextCompletion, encoder: createCompletionChunkEncoder }

/** POST /v1/completions: relayed to native completions endpoints, translated through chat elsewhere. */
export function openAICompletionsDoor(tools: DoorTools): DoorModule {
  const decode = createCompletionsDecoder(tools.schemas)
  const prepare = (rc: RequestContext, body: unknown): Exchange => {
    const decoded = decode(body)
    const untranslatable = decoded.completionsOnly.map((param) => ({ param, why: NEEDS_NATIVE }))
    return generateExchange(rc, decoded.requestedModel, openAICodec(rc, COMPLETIONS, decoded, untranslatable), { cacheBody: decoded.raw })
  }
  return {
    door: { endpoint: 'completions', ...openAIErrors },
    paths: [{ method: 'POST', paths: withAndWithoutV1('/completions'), route: { kind: 'exchange', prepare } }],
  }
}
