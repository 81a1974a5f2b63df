import { createChatDecoder } from '../../wire/openai-chat/decode-request.js'
import { createChunkEncoder } from '../../wire/openai-chat/encode-chunks.js'
import { encodeChatCompletion } from '../../wire/openai-chat/encode-result.js'
import { readOpenAIResult } from '../../wire/openai-chat/read-result.js'
import { openAIChatTap } from '../../wire/openai-chat/stream-tap.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { attemptChecked } from '../../routing/attempt-checked.js'
import type { GenerateCodec } from '../../routing/attempt-generate.js'
import { chatNeeds } from '../../routing/require-capabilities.js'
import { countPromptTokens } from '../../tokens/count-tokens.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'
import { chatPassthroughBody } from './passthrough-body.js'

/** POST /v1/chat/completions: OpenAI's chat protocol, passed through to OpenAI-compatible upstreams, translated for the rest. */
export function openAIChatDoor(tools: DoorTools): DoorModule {
  const decode = createChatDecoder(tools.ajv)
  const prepare = (rc: RequestContext, body: unknown): Exchange => {
    const { request, requestedModel, unmodelled, raw } = decode(body)
    const codec: GenerateCodec = {
      protocol: 'openai-chat',
      request,
      untranslatable: unmodelled.map((param) => ({ param, why: 'content of this type cannot be translated' })),
      passthroughBody: (model) => chatPassthroughBody(raw, model, request.stream),
      passthroughHeaders: {},
      readResult: readOpenAIResult,
      tap: (reader) => openAIChatTap(reader, request.includeUsage),
      encodeResult: (result, meta) => JSON.stringify(encodeChatCompletion(result, meta)),
      encoder: (meta) => createChunkEncoder(meta, request.includeUsage),
      meta: { id: `chatcmpl-${rc.requestId}`, created: Math.floor(rc.now() / 1000), model: requestedModel },
    }
    return {
      model: requestedModel,
      stream: request.stream,
      needs: chatNeeds(request),
      cacheBody: raw,
      logContent: request.messages,
      countPrompt: () => countPromptTokens(request.messages),
      attempt: (target) => attemptChecked(rc.deps, target, codec),
    }
  }
  return {
    door: { endpoint: 'chat', ...openAIErrors },
    paths: [{ method: 'POST', paths: withAndWithoutV1('/chat/completions'), route: { kind: 'exchange', prepare } }],
  }
}
