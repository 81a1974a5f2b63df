/**
 * /v1/embeddings through InvokeModel (`POST /model/{modelId}/invoke`), signed like chat.
 *
 * - Amazon Titan Text Embeddings (`amazon.titan-embed-text-*`): one text per call,
 *   `{inputText, dimensions?, normalize}` → `{embedding, inputTextTokenCount}`; `dimensions`
 *   (1024, 512, 256) exists on v2 only (Bedrock user guide, "Amazon Titan Embeddings G1 -
 *   Text", V2 request/response). A request with several inputs would need one upstream call
 *   per input, which an adapter (one request in, one out) cannot make, so it is refused with
 *   a 400 that says so; a single input (string or one-element array) is served.
 * - Cohere Embed (`cohere.embed-*`): `{texts, input_type}` → `{embeddings: [[…]]}`, or
 *   `{embeddings: {float: [[…]]}}` when embedding types were asked for (Bedrock user guide,
 *   "Cohere Embed models"). `input_type` is required by v3 models; it defaults to
 *   `search_document` and can be set per provider with `options.input_type`.
 */
import { readTokenCounts } from '../../canonical/token-count.js'
import type { EmbeddingsRequest, EmbeddingsResult } from '../../canonical/embeddings.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext, EmbeddingsAdapter, UpstreamRequest } from '../types.js'
import { unsupportedParam } from '../unsupported-param.js'
import { modelUrl, signedPost } from './build-request.js'
import { readArray, isObject } from '../../wire/json.js'

type Family = 'titan' | 'cohere'

function familyOf(model: string, ctx: CallContext): Family {
  if (model.includes('amazon.titan-embed')) return 'titan'
  if (model.includes('cohere.embed')) return 'cohere'
  throw new GatewayError(
    'invalid_request',
    `Model '${model}' of provider '${ctx.provider.name}' is not an embedding model this gateway can call (amazon.titan-embed-*, cohere.embed-*).`,
    { param: 'model', code: 'model_not_supported' },
  )
}

function texts(req: EmbeddingsRequest, ctx: CallContext): string[] {
  return req.input.map((input) => {
    if (typeof input === 'string') return input
    // Refused even with drop_params: dropping an input would shift later vectors onto the wrong inputs.
    if (!ctx.dropParams) unsupportedParam(ctx, 'input', 'token-id inputs; send text')
    throw new GatewayError('invalid_request', `Provider '${ctx.provider.name}' embeds text only; send strings as input.`, {
      param: 'input',
      code: 'unsupported_parameter',
    })
  })
}

async function buildEmbeddingsRequest(req: EmbeddingsRequest, ctx: CallContext<'bedrock'>): Promise<UpstreamRequest> {
  const family = familyOf(req.model, ctx)
  const inputs = texts(req, ctx)
  if (req.user !== undefined) unsupportedParam(ctx, 'user')
  let body: Record<string, unknown>
  if (family === 'titan') {
    if (inputs.length !== 1) {
      throw new GatewayError(
        'invalid_request',
        `Model '${req.model}' embeds one input per request; send a single string (got ${inputs.length}).`,
        { param: 'input' },
      )
    }
    body = { inputText: inputs[0] }
    if (req.dimensions !== undefined) {
      if (req.model.includes('titan-embed-text-v1')) unsupportedParam(ctx, 'dimensions', 'Titan v1 has a fixed size')
      else body.dimensions = req.dimensions
    }
    body.normalize = true
  } else {
    body = { texts: inputs, input_type: ctx.provider.options.input_type ?? 'search_document' }
    if (req.dimensions !== undefined) unsupportedParam(ctx, 'dimensions')
  }
  return signedPost(`${modelUrl(req.model, ctx)}/invoke`, JSON.stringify(body), 'application/json', ctx, new Date())
}

function parseEmbeddings(body: unknown, ctx: CallContext): EmbeddingsResult {
  const bad = (): GatewayError =>
    new GatewayError('upstream_error', `Provider '${ctx.provider.name}' returned an embedding response of an unknown shape.`, {
      provider: ctx.provider.name,
    })
  if (!isObject(body)) throw bad()
  const vector = (value: unknown): number[] => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) throw bad()
    return value as number[]
  }
  if (Array.isArray(body.embedding)) {
    const result: EmbeddingsResult = { vectors: [vector(body.embedding)] }
    const { counts, implausible } = readTokenCounts(body, ['inputTextTokenCount'])
    const tokens = counts.inputTextTokenCount
    if (tokens !== undefined) result.usage = { promptTokens: tokens, totalTokens: tokens }
    if (implausible.length > 0) result.usage = { promptTokens: 0, implausible }
    return result
  }
  const embeddings = isObject(body.embeddings) ? body.embeddings.float : body.embeddings
  if (!Array.isArray(embeddings)) throw bad()
  return { vectors: readArray(embeddings).map(vector) }
}

export const bedrockEmbeddings: EmbeddingsAdapter<'bedrock'> = { buildEmbeddingsRequest, parseEmbeddings }
