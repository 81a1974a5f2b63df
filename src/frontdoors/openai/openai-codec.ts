import type { ChatRequest, ChatResult, JsonObject, ResponseMeta } from '../../canonical/chat.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import type { GenerateCodec } from '../../routing/attempt-generate.js'
import type { EventEncoder } from '../../streaming/encode-canonical-stream.js'
import { readOpenAIResult } from '../../wire/openai-chat/read-result.js'
import { openAIChatTap } from '../../wire/openai-chat/stream-tap.js'
import type { WireProtocol } from '../../wire/protocols.js'
import { chatPassthroughBody } from '../openai-chat/passthrough-body.js'

/** How one of OpenAI's generating protocols (chat, completions) differs from the other. */
export interface OpenAIDialect {
  protocol: Extract<WireProtocol, 'openai-chat' | 'openai-completions'>
  /** The id's prefix: `chatcmpl` or `cmpl`. */
  idPrefix: string
  /** The JSON answer, serialised by the codec. */
  encodeResult(result: ChatResult, meta: ResponseMeta): object
  encoder(meta: ResponseMeta, includeUsage: boolean): EventEncoder
}

/**
 * The codec of an OpenAI chat or completions request: both read answers and streams with the
 * chat reader (a completions stream carries the same usage and finish), and pass the client's
 * body through with only the model (and the usage option) changed.
 */
export function openAICodec(rc: RequestContext, dialect: OpenAIDialect, decoded: { request: ChatRequest; requestedModel: string; raw: JsonObject }, untranslatable: GenerateCodec['untranslatable']): GenerateCodec {
  const { request, raw } = decoded
  return {
    protocol: dialect.protocol,
    request,
    untranslatable,
    passthroughBody: (model, upstream) => chatPassthroughBody(raw, model, request.stream, upstream.options),
    passthroughHeaders: {},
    readResult: readOpenAIResult,
    tap: (reader) => openAIChatTap(reader, request.includeUsage),
    encodeResult: (result, meta) => JSON.stringify(dialect.encodeResult(result, meta)),
    encoder: (meta) => dialect.encoder(meta, request.includeUsage),
    meta: { id: `${dialect.idPrefix}-${rc.requestId}`, created: Math.floor(rc.now() / 1000), model: decoded.requestedModel },
  }
}
