/**
 * A canonical chat request → a Generative Language API request.
 *
 * POST `{baseUrl}/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse` when
 * streaming (without `alt=sse` the endpoint streams one big JSON array instead of SSE).
 * The key travels in `x-goog-api-key`, never in the URL, so it cannot leak into logs.
 */
import type { ChatRequest, JsonObject } from '../../canonical/chat.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import { encodePathSegment } from '../shared/url.js'
import type { CallContext, UpstreamRequest } from '../types.js'
import { buildContents } from './build-contents.js'
import { buildGenerationConfig } from './build-generation-config.js'
import { buildTools } from './build-tools.js'

export function buildGeminiRequest(req: ChatRequest, ctx: CallContext<'gemini'>): UpstreamRequest {
  const model = modelPath(req.model)
  const body = generateContentBody(req, model, ctx)
  const url = req.stream ? `${modelUrl(model, ctx)}:streamGenerateContent?alt=sse` : `${modelUrl(model, ctx)}:generateContent`
  return {
    url,
    method: 'POST',
    headers: geminiHeaders(ctx),
    body: JSON.stringify(mergeOptions(body, req.providerOptions?.gemini)),
    framing: 'sse',
  }
}

/** The GenerateContentRequest body (also what countTokens counts). */
export function generateContentBody(req: ChatRequest, model: string, ctx: CallContext<'gemini'>): JsonObject {
  const { systemInstruction, contents } = buildContents(req.messages, model, ctx)
  const body: JsonObject = { contents }
  if (systemInstruction !== undefined) body.systemInstruction = systemInstruction
  const { tools, toolConfig } = buildTools(req, ctx)
  if (tools !== undefined) body.tools = tools
  if (toolConfig !== undefined) body.toolConfig = toolConfig
  const generationConfig = buildGenerationConfig(req, ctx)
  if (generationConfig !== undefined) body.generationConfig = generationConfig
  return body
}

export function geminiHeaders(ctx: CallContext): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (ctx.provider.apiKey !== undefined) headers['x-goog-api-key'] = ctx.provider.apiKey
  return { ...headers, ...ctx.provider.headers }
}

/** `{baseUrl}/models/{model}`, the model one encoded segment (the method follows after a `:`). */
export function modelUrl(model: string, ctx: CallContext): string {
  return `${ctx.provider.baseUrl}/models/${encodePathSegment(model)}`
}

/** Model ids are accepted with or without Google's `models/` prefix. */
export function modelPath(model: string): string {
  return model.startsWith('models/') ? model.slice('models/'.length) : model
}
