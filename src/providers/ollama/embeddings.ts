import { readTokenCounts } from '../../canonical/token-count.js'
import type { EmbeddingsRequest, EmbeddingsResult } from '../../canonical/embeddings.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext, EmbeddingsAdapter, UpstreamRequest } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { ollamaHeaders } from './build-request.js'
import { asArray, asNumber, asObject, asString, type JsonObject } from '../../wire/json.js'
import { mapOllamaFailure } from './map-error.js'

/**
 * POST `/api/embed` `{model, input}` (fixtures/ollama/embed-request.json). `dimensions`
 * exists there (`EmbedRequest.Dimensions` in ollama/ollama api/types.go: "truncates the
 * output embedding to the specified dimension"). Ollama embeds text only.
 */
function buildOllamaEmbeddingsRequest(req: EmbeddingsRequest, ctx: CallContext<'ollama'>): UpstreamRequest {
  const texts = req.input.filter((item): item is string => typeof item === 'string')
  if (texts.length !== req.input.length) {
    unsupportedParam(ctx, 'input', 'Ollama embeds text, not token arrays')
    // Dropping the input leaves nothing to embed, so this cannot go ahead either way.
    throw new GatewayError('invalid_request', `Provider '${ctx.provider.name}' (kind ollama) cannot embed token arrays; send text.`, {
      param: 'input',
      code: 'unsupported_parameter',
    })
  }
  const body: JsonObject = { model: req.model, input: texts }
  if (req.dimensions !== undefined) body.dimensions = req.dimensions
  const keepAlive = ctx.provider.options.keep_alive
  if (keepAlive !== undefined) body.keep_alive = keepAlive
  return { url: `${ctx.provider.baseUrl}/api/embed`, method: 'POST', headers: ollamaHeaders(ctx), body: JSON.stringify(body), framing: 'ndjson' }
}

/** `{model, embeddings: [[…]], prompt_eval_count?}` (fixtures/ollama/embed-response*.json). */
function parseOllamaEmbeddings(body: unknown, ctx: CallContext): EmbeddingsResult {
  const root = asObject(body)
  const error = asString(root?.error)
  if (error !== undefined) throw mapOllamaFailure(undefined, error, undefined, ctx)
  const vectors: number[][] = []
  for (const row of asArray(root?.embeddings) ?? []) {
    const vector = asVector(row)
    if (vector === undefined) break
    vectors.push(vector)
  }
  if (vectors.length === 0 || vectors.length !== asArray(root?.embeddings)?.length) {
    throw new GatewayError('upstream_error', `${ctx.provider.name}: the answer has no readable embeddings.`, { provider: ctx.provider.name })
  }
  const result: EmbeddingsResult = { vectors }
  const model = asString(root?.model)
  if (model !== undefined) result.upstreamModel = model
  const { counts, implausible } = readTokenCounts(root ?? {}, ['prompt_eval_count'])
  const promptTokens = counts.prompt_eval_count
  if (promptTokens !== undefined) result.usage = { promptTokens, totalTokens: promptTokens }
  if (implausible.length > 0) result.usage = { promptTokens: 0, implausible }
  return result
}

function asVector(row: unknown): number[] | undefined {
  const items = asArray(row)
  if (items === undefined) return undefined
  const vector: number[] = []
  for (const item of items) {
    const x = asNumber(item)
    if (x === undefined) return undefined
    vector.push(x)
  }
  return vector
}

export const ollamaEmbeddings: EmbeddingsAdapter<'ollama'> = {
  buildEmbeddingsRequest: buildOllamaEmbeddingsRequest,
  parseEmbeddings: parseOllamaEmbeddings,
}
