import { createChatDecoder } from '../../wire/openai-chat/decode-request.js'
import { createChunkEncoder } from '../../wire/openai-chat/encode-chunks.js'
import { encodeChatCompletion } from '../../wire/openai-chat/encode-result.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { openAICodec, type OpenAIDialect } from '../openai/openai-codec.js'
import { generateExchange } from '../generate-exchange.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'
import { createProviderOptionsReader } from '../../providers/provider-options.js'

const CHAT: OpenAIDialect = { protocol: 'openai-chat', idPrefix: 'chatcmpl', encodeResult: encodeChatCompletion, encoder: createChunkEncoder }

/** POST /v1/chat/completions: OpenAI's chat protocol, passed through to OpenAI-compatible upstreams, translated for the rest. */
export function openAIChatDoor(tools: DoorTools): DoorModule {
  const decode = createChatDecoder(tools.schemas)
  const readOptions = createProviderOptionsReader(tools.schemas)
  const prepare = (rc: RequestContext, body: unknown): Exchange => {
    const decoded = decode(body)
    const providerOptions = readOptions(body)
    if (providerOptions !== undefined) decoded.request.providerOptions = providerOptions
    const untranslatable = decoded.unmodelled.map((param) => ({ param, why: 'content of this type cannot be translated' }))
    return generateExchange(rc, decoded.requestedModel, openAICodec(rc, CHAT, decoded, untranslatable), { cacheBody: decoded.raw })
  }
  return {
    door: { endpoint: 'chat', ...openAIErrors },
    paths: [{ method: 'POST', paths: withAndWithoutV1('/chat/completions'), route: { kind: 'exchange', prepare } }],
  }
}
