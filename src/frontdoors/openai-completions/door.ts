import { createCompletionsDecoder } from '../../wire/openai-completions/decode-request.js'
import { createCompletionChunkEncoder, encodeTextCompletion } from '../../wire/openai-completions/encode.js'
import { readOpenAIResult } from '../../wire/openai-chat/read-result.js'
import { openAIChatTap } from '../../wire/openai-chat/stream-tap.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { attemptChecked } from '../../routing/attempt-checked.js'
import type { GenerateCodec } from '../../routing/attempt-generate.js'
import { chatNeeds } from '../../routing/require-capabilities.js'
import { countPromptTokens } from '../../tokens/count-tokens.js'
import { chatPassthroughBody } from '../openai-chat/passthrough-body.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'

const NEEDS_NATIVE = 'it needs a native /v1/completions endpoint (this provider\'s completions are translated through chat)'

/** POST /v1/completions: relayed to native completions endpoints, translated through chat elsewhere. */
export function openAICompletionsDoor(tools: DoorTools): DoorModule {
  const decode = createCompletionsDecoder(tools.ajv)
  const prepare = (rc: RequestContext, body: unknown): Exchange => {
    const { request, requestedModel, raw, completionsOnly } = decode(body)
    const codec: GenerateCodec = {
      protocol: 'openai-completions',
      request,
      untranslatable: completionsOnly.map((param) => ({ param, why: NEEDS_NATIVE })),
      passthroughBody: (model) => chatPassthroughBody(raw, model, request.stream),
      passthroughHeaders: {},
      readResult: readOpenAIResult,
      tap: (reader) => openAIChatTap(reader, request.includeUsage),
      encodeResult: (result, meta) => JSON.stringify(encodeTextCompletion(result, meta)),
      encoder: (meta) => createCompletionChunkEncoder(meta, request.includeUsage),
      meta: { id: `cmpl-${rc.requestId}`, created: Math.floor(rc.now() / 1000), model: requestedModel },
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
    door: { endpoint: 'completions', ...openAIErrors },
    paths: [{ method: 'POST', paths: withAndWithoutV1('/completions'), route: { kind: 'exchange', prepare } }],
  }
}
