import type { EmbeddingsRequest } from '../canonical/embeddings.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { UpstreamClient } from '../upstream/client.js'
import { encodeEmbeddings } from '../wire/openai-embeddings/encode.js'
import { trailingEmbeddingsUsage } from '../wire/openai-embeddings/trailing-usage.js'
import type { JsonAnswer } from './answer.js'
import type { AttemptTarget } from './attempt-target.js'
import { parseUpstreamJson, readBytes, sendChecked } from './send.js'
import { countEmbeddingsTokens } from '../tokens/count-tokens.js'

/** The client's embeddings request: canonical, and as its bytes for an upstream that speaks OpenAI embeddings. */
export interface EmbeddingsInput {
  request: EmbeddingsRequest
  passthroughBody(model: string | undefined): string
}

/**
 * One embeddings attempt. An upstream that speaks OpenAI embeddings gets the client's bytes and
 * its answer is relayed, with only the usage at the end read (a large answer's vectors are not
 * parsed); others are translated by their adapter and the result encoded in OpenAI's shape.
 */
export async function attemptEmbeddings(upstream: UpstreamClient, target: AttemptTarget, input: EmbeddingsInput): Promise<JsonAnswer> {
  const { adapter, provider, callCtx } = target
  const passthrough = adapter.passthrough?.speaks('openai-embeddings', provider) === true ? adapter.passthrough : undefined
  const embeddings = adapter.embeddings
  const request: EmbeddingsRequest = { ...input.request, model: target.deployment.model }
  let upstreamRequest
  if (passthrough !== undefined) upstreamRequest = passthrough.request({ protocol: 'openai-embeddings', body: input.passthroughBody, headers: {}, stream: false }, callCtx)
  else if (embeddings !== undefined) upstreamRequest = await embeddings.buildEmbeddingsRequest(request, callCtx)
  else throw new GatewayError('invalid_request', `Provider '${provider.name}' (kind ${provider.kind}) does not serve embeddings.`, { param: 'model', code: 'unsupported_capability' })
  const started = performance.now()
  const bytes = await readBytes(await sendChecked(upstream, target, upstreamRequest), { maxBytes: target.limits.maxBodyBytes, provider: provider.name })
  const upstreamMs = performance.now() - started
  if (passthrough !== undefined) {
    const trailing = trailingEmbeddingsUsage(bytes)
    if (trailing !== undefined) return { kind: 'json', body: bytes, usage: { promptTokens: trailing.promptTokens, completionTokens: 0 }, upstreamMs }
  }
  const parse = embeddings?.parseEmbeddings
  if (parse === undefined) return { kind: 'json', body: bytes, upstreamMs }
  const parsed = parse(parseUpstreamJson(bytes.toString('utf8'), provider.name), callCtx)
  // An upstream that reports no usage: the gateway counts the inputs, as it does for chat.
  const result = parsed.usage !== undefined || passthrough !== undefined ? parsed : { ...parsed, usage: { promptTokens: await countEmbeddingsTokens(request.input), completionTokens: 0 } }
  const body = passthrough !== undefined ? bytes : JSON.stringify(encodeEmbeddings(result, request, target.deployment.model))
  const usage = result.usage === undefined ? undefined : { promptTokens: result.usage.promptTokens, completionTokens: 0 }
  return { kind: 'json', body, usage, upstreamMs }
}
