import { createEmbeddingsDecoder } from '../../wire/openai-embeddings/decode-request.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { attemptEmbeddings } from '../../routing/attempt-embeddings.js'
import { EMBEDDINGS_NEEDS } from '../../routing/require-capabilities.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { countEmbeddingsTokens } from '../../tokens/count-tokens.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'

/** POST /v1/embeddings: passed through to OpenAI-compatible upstreams, translated for the rest. */
export function openAIEmbeddingsDoor(tools: DoorTools): DoorModule {
  const decode = createEmbeddingsDecoder(tools.schemas)
  const prepare = (rc: RequestContext, body: unknown): Exchange => {
    const { request, requestedModel, raw } = decode(body)
    const passthroughBody = (model: string | undefined): string => {
      const out = { ...raw }
      if (model === undefined) delete out.model
      else out.model = model
      return JSON.stringify(out)
    }
    return {
      model: requestedModel,
      stream: false,
      needs: EMBEDDINGS_NEEDS,
      // For a relayed answer without usage: the inputs counted by the gateway.
      countPrompt: () => countEmbeddingsTokens(request.input),
      attempt: (target) => attemptEmbeddings(rc.deps.upstream, target, { request, passthroughBody }),
    }
  }
  return {
    door: { endpoint: 'embeddings', ...openAIErrors },
    paths: [{ method: 'POST', paths: withAndWithoutV1('/embeddings'), route: { kind: 'exchange', prepare } }],
  }
}
