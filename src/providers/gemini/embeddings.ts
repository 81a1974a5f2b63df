/**
 * /v1/embeddings through `models/{model}:batchEmbedContents`: one EmbedContentRequest per
 * input, each naming the model again (`models/<model>`, which "must match the model specified
 * BatchEmbedContentsRequest.model"), with `content.parts[{text}]` and an optional
 * `outputDimensionality`. The answer is `embeddings[].values`, "in the same order as provided
 * in the batch request" (BatchEmbedContentsRequest/Response, google.ai.generativelanguage
 * v1beta). The API reports no token counts here, so no usage is returned.
 */
import type { EmbeddingsRequest, EmbeddingsResult } from '../../canonical/embeddings.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext, EmbeddingsAdapter, UpstreamRequest } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { geminiHeaders, modelPath, modelUrl } from './build-request.js'
import { readArray, readObject, isObject } from '../../wire/json.js'

function buildEmbeddingsRequest(req: EmbeddingsRequest, ctx: CallContext): UpstreamRequest {
  const model = modelPath(req.model)
  const texts: string[] = []
  for (const input of req.input) {
    if (typeof input === 'string') texts.push(input)
    else {
      // Refused even with drop_params: dropping an input would shift later vectors onto the wrong inputs.
      if (!ctx.dropParams) unsupportedParam(ctx, 'input', 'token-id inputs; send text')
      throw new GatewayError('invalid_request', `Provider '${ctx.provider.name}' embeds text only; send strings as input.`, {
        param: 'input',
        code: 'unsupported_parameter',
      })
    }
  }
  if (req.user !== undefined) unsupportedParam(ctx, 'user')
  const requests = texts.map((text) => {
    const request: Record<string, unknown> = { model: `models/${model}`, content: { parts: [{ text }] } }
    if (req.dimensions !== undefined) request.outputDimensionality = req.dimensions
    return request
  })
  return {
    url: `${modelUrl(model, ctx)}:batchEmbedContents`,
    method: 'POST',
    headers: geminiHeaders(ctx),
    body: JSON.stringify({ requests }),
    framing: 'sse',
  }
}

function parseEmbeddings(body: unknown, ctx: CallContext): EmbeddingsResult {
  const vectors = readArray(readObject(body).embeddings).map((entry) => {
    const values = isObject(entry) ? entry.values : undefined
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number')) {
      throw new GatewayError('upstream_error', `Provider '${ctx.provider.name}' returned an embedding without numeric values.`, {
        provider: ctx.provider.name,
      })
    }
    return values as number[]
  })
  return { vectors }
}

export const geminiEmbeddings: EmbeddingsAdapter = { buildEmbeddingsRequest, parseEmbeddings }
