import type { ChatRequest } from '../canonical/chat.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { UpstreamRequest } from '../providers/types.js'
import { unsupportedParam } from '../providers/unsupported-param.js'
import type { UpstreamClient } from '../upstream/client.js'
import type { WireProtocol } from '../wire/protocols.js'
import type { JsonAnswer } from './answer.js'
import type { AttemptTarget } from './attempt-target.js'
import { readJson, sendChecked } from './send.js'

/** How a front door's token-count endpoint reads and writes its protocol. */
export interface CountTokensCodec {
  protocol: WireProtocol
  request: ChatRequest
  untranslatable: readonly { param: string; why: string }[]
  passthroughBody(model: string | undefined): string
  passthroughHeaders: Readonly<Record<string, string>>
  passthroughQuery?: string
  /** The count in a native upstream's answer; undefined when the answer holds none. */
  readCount(json: unknown): number | undefined
  /** A count as the protocol's answer. */
  encodeCount(count: number): string
  /** The gateway's own estimate, for deployments that cannot count. */
  estimate(): Promise<number>
}

/** Says whether a count came from the upstream (`exact`) or from the gateway's tokenizer (`estimated`). */
export const TOKEN_COUNT_HEADER = 'x-switchyard-token-count'

/** Statuses of an upstream that speaks the protocol but has no count endpoint: estimated instead. */
const NO_COUNT_ENDPOINT = new Set([404, 405, 501])

/**
 * One attempt at counting a prompt's tokens at one deployment: the native endpoint when the
 * deployment speaks the protocol (the client's bytes, relayed), else the kind's own counter
 * (Gemini's countTokens), else the gateway's estimate. Never a 404 for want of an endpoint. A
 * count costs nothing, so its usage is zero.
 */
export async function attemptCountTokens(upstream: UpstreamClient, target: AttemptTarget, codec: CountTokensCodec): Promise<JsonAnswer> {
  const passthrough = target.adapter.passthrough?.speaks(codec.protocol, target.provider) === true ? target.adapter.passthrough : undefined
  const request: ChatRequest = { ...codec.request, model: target.deployment.model, stream: false }
  if (passthrough !== undefined) {
    const req = { protocol: codec.protocol, body: codec.passthroughBody, headers: codec.passthroughHeaders, stream: false, request }
    const sent = passthrough.request(codec.passthroughQuery === undefined ? req : { ...req, query: codec.passthroughQuery }, target.callCtx)
    const native = await nativeCount(upstream, target, sent, codec)
    if (native !== undefined) return native
  } else if (target.adapter.countTokens !== undefined) {
    for (const { param, why } of codec.untranslatable) unsupportedParam(target.callCtx, param, why)
    const res = await sendChecked(upstream, target, await target.adapter.countTokens.buildCountRequest(request, target.callCtx))
    const { json } = await readJson(res, target.provider.name)
    return counted(codec.encodeCount(target.adapter.countTokens.parseCount(json, target.callCtx)), 'exact')
  }
  return counted(codec.encodeCount(await codec.estimate()), 'estimated')
}

/** The native endpoint's answer, relayed as it came; undefined when the upstream has no such endpoint. */
async function nativeCount(upstream: UpstreamClient, target: AttemptTarget, sent: UpstreamRequest, codec: CountTokensCodec): Promise<JsonAnswer | undefined> {
  try {
    const res = await sendChecked(upstream, target, sent)
    const { text, json } = await readJson(res, target.provider.name)
    if (codec.readCount(json) === undefined) throw new GatewayError('upstream_error', `Provider '${target.provider.name}' answered the token count without a count.`, { provider: target.provider.name })
    return counted(text, 'exact')
  } catch (err) {
    if (err instanceof GatewayError && err.detail.upstreamStatus !== undefined && NO_COUNT_ENDPOINT.has(err.detail.upstreamStatus)) return undefined
    throw err
  }
}

function counted(body: string, how: 'exact' | 'estimated'): JsonAnswer {
  return { kind: 'json', body, usage: { promptTokens: 0, completionTokens: 0 }, headers: { [TOKEN_COUNT_HEADER]: how } }
}
