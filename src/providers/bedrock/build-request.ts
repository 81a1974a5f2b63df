/**
 * A canonical chat request → a signed Converse / ConverseStream request.
 *
 * POST `{baseUrl}/model/{modelId}/converse` (or `/converse-stream`, whose answer is an
 * `application/vnd.amazon.eventstream` body). The model id is percent-encoded as one path
 * segment (`:` → `%3A`, and `/` in ARNs → `%2F`; converse-request.http), and the same encoded
 * path is what gets signed (sign-request.ts).
 */
import { createHash } from 'node:crypto'
import { mergeOptions } from '../../canonical/provider-options.js'
import type { ChatRequest, JsonObject } from '../../canonical/chat.js'
import { jsonAnswerRequest } from '../shared/json-answer-tool.js'
import { encodePathSegment } from '../shared/url.js'
import type { CallContext, UpstreamRequest } from '../types.js'
import { buildMessages } from './build-messages.js'
import { buildInferenceConfig, buildReasoning, buildOutputConfig, buildToolConfig } from './build-options.js'
import { readAuth } from './credentials.js'
import { signRequest } from './sign-request.js'

export async function buildBedrockRequest(asked: ChatRequest, ctx: CallContext<'bedrock'>): Promise<UpstreamRequest> {
  const req = asked.responseFormat?.type === 'json_object' ? jsonAnswerRequest(asked, ctx, 'Bedrock Converse') : asked
  const { system, messages, hasToolBlocks } = buildMessages(req.messages, ctx)
  // Key order as in the recorded request (converse-request.http): system, messages, inferenceConfig, toolConfig.
  const body: JsonObject = {}
  if (system !== undefined) body.system = system
  body.messages = messages
  const reasoning = buildReasoning(req, buildInferenceConfig(req, ctx), ctx)
  if (reasoning.inference !== undefined) body.inferenceConfig = reasoning.inference
  const toolConfig = buildToolConfig(req, hasToolBlocks, ctx)
  if (toolConfig !== undefined) body.toolConfig = toolConfig
  const outputConfig = buildOutputConfig(req, ctx)
  if (outputConfig !== undefined) body.outputConfig = outputConfig
  if (reasoning.additional !== undefined) body.additionalModelRequestFields = reasoning.additional

  const action = req.stream ? 'converse-stream' : 'converse'
  const accept = req.stream ? 'application/vnd.amazon.eventstream' : 'application/json'
  return signedPost(`${modelUrl(req.model, ctx)}/${action}`, JSON.stringify(mergeOptions(body, req.providerOptions?.bedrock)), accept, ctx, new Date())
}

export function modelUrl(model: string, ctx: CallContext): string {
  return `${ctx.provider.baseUrl}/model/${encodePathSegment(model)}`
}

/** Builds the POST with its auth headers: SigV4 (service `bedrock`) or a Bedrock API key. */
export async function signedPost(url: string, body: string, accept: string, ctx: CallContext<'bedrock'>, now: Date): Promise<UpstreamRequest> {
  const auth = readAuth(ctx)
  const base: Record<string, string> = { 'content-type': 'application/json', accept, ...lowercaseKeys(ctx.provider.headers) }
  let headers: Record<string, string>
  if (auth.kind === 'bearer') {
    headers = { ...base, authorization: `Bearer ${auth.token}` }
  } else {
    const payloadHash = createHash('sha256').update(body).digest('hex')
    headers = await signRequest(
      { method: 'POST', url, headers: { ...base, 'x-amz-content-sha256': payloadHash }, body },
      { ...auth.credentials, region: auth.region, service: 'bedrock' },
      now,
    )
  }
  return { url, method: 'POST', headers, body, framing: 'aws-eventstream' }
}

function lowercaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value
  return out
}
