import { generateExchange } from '../generate-exchange.js'
import { createProviderOptionsReader } from '../../providers/provider-options.js'
import type { ChatRequest, JsonObject } from '../../canonical/chat.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import type { GenerateCodec } from '../../routing/attempt-generate.js'
import { asString, isObject } from '../../wire/json.js'
import { createResponsesDecoder, withHistory, type DecodedResponses } from '../../wire/openai-responses/decode-request.js'
import { createResponsesEncoder } from '../../wire/openai-responses/encode-events.js'
import { encodeResponse, type ResponsesEncoding } from '../../wire/openai-responses/encode-result.js'
import { newId } from '../../wire/openai-responses/ids.js'
import { readResponsesResult } from '../../wire/openai-responses/read-result.js'
import { echoOf } from '../../wire/openai-responses/response-object.js'
import { responsesTap } from '../../wire/openai-responses/stream-tap.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'
import { responsesErrors } from './errors.js'
import { responsesPassthroughBody } from './passthrough-body.js'
import { conversationOf, keep, loadContinuable, ownerOf, turnItems, type Origin, type StoredResponse } from './stored.js'
import { deleteRoute, inputItemsRoute, retrieveRoute } from './stored-routes.js'

/**
 * The OpenAI Responses API (`/v1/responses`), for Codex, the Agents SDK, the AI SDK's default
 * OpenAI provider and the openai SDKs' `responses.*`: passed through to upstreams that serve it,
 * translated through the canonical model for every other one, and stored (with `store`, the
 * default) for retrieval and `previous_response_id`.
 */
export function openAIResponsesDoor(tools: DoorTools): DoorModule {
  const decode = createResponsesDecoder(tools.schemas)
  const readOptions = createProviderOptionsReader(tools.schemas)
  const prepare = async (rc: RequestContext, body: unknown, text: string): Promise<Exchange> => {
    const decoded = decode(body)
    const previous = decoded.previousResponseId === undefined ? undefined : await loadContinuable(rc, decoded.previousResponseId)
    const conversation = previous === undefined ? [] : await conversationOf(rc, previous)
    const providerOptions = readOptions(body)
    const request = { ...withHistory(decoded, conversation.flatMap(turnItems)), ...(providerOptions === undefined ? {} : { providerOptions }) }
    const codec = responsesCodec(rc, decoded, request, text, conversation)
    // A stored response has one id and one owner: only stateless requests are answered from the cache.
    const cacheBody = decoded.store ? undefined : decoded.raw
    return generateExchange(rc, decoded.requestedModel, codec, { cacheBody, streamError: (error) => createResponsesEncoder(codec.encoding).error(error) })
  }
  return {
    door: { endpoint: 'responses', ...responsesErrors },
    paths: [
      { method: 'POST', paths: withAndWithoutV1('/responses'), route: { kind: 'exchange', prepare } },
      { method: 'GET', paths: withAndWithoutV1('/responses/:id'), route: retrieveRoute },
      { method: 'DELETE', paths: withAndWithoutV1('/responses/:id'), route: deleteRoute },
      { method: 'GET', paths: withAndWithoutV1('/responses/:id/input_items'), route: inputItemsRoute },
    ],
  }
}

/** How one Responses request is passed through, translated, and kept. */
function responsesCodec(rc: RequestContext, decoded: DecodedResponses, request: ChatRequest, text: string, conversation: readonly StoredResponse[]): GenerateCodec & { encoding: ResponsesEncoding } {
  const shell = { id: newId('resp'), createdAt: Math.floor(rc.now() / 1000), model: decoded.requestedModel, echo: echoOf(decoded.raw) }
  const previous = conversation.at(-1)
  const keepResponse = (response: JsonObject, origin: Origin): void => {
    if (!decoded.store) return
    const chain = previous === undefined ? [] : [...previous.chain, previous.id]
    keep(rc, { v: 1, id: asString(response.id) ?? shell.id, owner: ownerOf(rc), response, input: decoded.inputItems, chain, origin })
  }
  const encoding: ResponsesEncoding = { shell, tools: decoded.tools, includeEncrypted: decoded.includeEncrypted }
  const translated = (model: string): ResponsesEncoding => ({ ...encoding, shell: { ...shell, model }, onFinished: (r) => keepResponse(r, { provider: '', passthrough: false }) })
  return {
    protocol: 'openai-responses',
    request,
    untranslatable: decoded.untranslatable.list,
    passthroughBody: (model, upstream) => responsesPassthroughBody(text, model, upstream, conversation),
    passthroughHeaders: {},
    readResult(json, reader) {
      const result = readResponsesResult(json, reader)
      if (isObject(json)) keepResponse(json, { provider: reader.provider, passthrough: true })
      return result
    },
    tap: (reader) => responsesTap(reader, (response) => keepResponse(response, { provider: reader.provider, passthrough: true })),
    encodeResult: (result, meta) => encodeResponse(result, translated(meta.model)),
    encoder: (meta) => createResponsesEncoder(translated(meta.model)),
    meta: { id: shell.id, created: shell.createdAt, model: decoded.requestedModel },
    encoding,
  }
}
