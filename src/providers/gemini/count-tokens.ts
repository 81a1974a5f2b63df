/**
 * Gemini's exact token count: POST `{baseUrl}/models/{model}:countTokens` with the whole
 * GenerateContentRequest (model, contents, system instruction, tools) under
 * `generateContentRequest`, which counts what `contents` alone would not (ai.google.dev/api/tokens:
 * "Model + Contents or a generateContentRequest, but never both"). The answer is
 * `{"totalTokens": N, …}`.
 */
import { GatewayError } from '../../errors/gateway-error.js'
import { asNumber, asObject } from '../../wire/json.js'
import type { CountTokensAdapter } from '../types.js'
import { generateContentBody, geminiHeaders, modelPath, modelUrl } from './build-request.js'

export const geminiCountTokens: CountTokensAdapter<'gemini'> = {
  buildCountRequest(req, ctx) {
    const model = modelPath(req.model)
    const body = { generateContentRequest: { model: `models/${model}`, ...generateContentBody(req, model, ctx) } }
    return { url: `${modelUrl(model, ctx)}:countTokens`, method: 'POST', headers: geminiHeaders(ctx), body: JSON.stringify(body), framing: 'sse' }
  },
  parseCount(body, ctx) {
    const total = asNumber(asObject(body)?.totalTokens)
    if (total === undefined) throw new GatewayError('upstream_error', `Provider '${ctx.provider.name}' answered countTokens without totalTokens.`, { provider: ctx.provider.name })
    return total
  },
}
