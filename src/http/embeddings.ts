import type { Context } from 'hono'
import type { EmbeddingsRequest, EmbeddingsResult } from '../canonical/embeddings.js'
import type { GatewayDeps } from '../deps.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { AttemptTarget } from '../routing/attempt-target.js'
import { execute } from '../routing/execute.js'
import { labelsFor } from '../routing/labels.js'
import { EMBEDDINGS_NEEDS, requireCapabilities } from '../routing/require-capabilities.js'
import { parseUpstreamJson, readBytes, sendChecked } from '../routing/send.js'
import { trailingEmbeddingsUsage } from '../wire/trailing-usage.js'
import { decodeEmbeddingsRequest } from '../wire/decode-embeddings-request.js'
import { encodeEmbeddings } from '../wire/encode-embeddings.js'
import { answerHeaders, failedAttemptsHeader } from './answer-headers.js'
import type { GatewayEnv } from './env.js'
import { clientSignal } from './client-signal.js'
import { jsonAnswer } from './json-answer.js'
import { answeredBy, failure, observeRequest, observeTokens } from './observe.js'
import { readJsonBody } from './read-json-body.js'
import { routeOrNotFound } from './resolve-route.js'
import { admit } from '../access/admit.js'
import { account, costHeader } from '../access/account.js'

interface EmbeddingsAnswer {
  body: string | Buffer
  usage: EmbeddingsResult['usage']
}

async function attemptEmbeddings(deps: GatewayDeps, target: AttemptTarget, request: EmbeddingsRequest): Promise<EmbeddingsAnswer> {
  const embeddings = target.adapter.embeddings
  if (embeddings === undefined) {
    throw new GatewayError('invalid_request', `Provider '${target.provider.name}' (kind ${target.provider.kind}) does not serve embeddings.`, {
      param: 'model',
      code: 'unsupported_capability',
    })
  }
  const req: EmbeddingsRequest = { ...request, model: target.deployment.model }
  const upReq = await embeddings.buildEmbeddingsRequest(req, target.callCtx)
  const res = await sendChecked(deps.upstream, target, upReq)
  const bytes = await readBytes(res)
  // OpenAI-compatible upstreams already answered in the client's encoding: their bytes are
  // relayed, and only the usage at the end is read (a large answer's vectors are not parsed).
  if (target.adapter.speaksOpenAI) {
    const usage = trailingEmbeddingsUsage(bytes)
    if (usage !== undefined) return { body: bytes, usage }
  }
  const result = embeddings.parseEmbeddings(parseUpstreamJson(bytes.toString('utf8'), target.provider.name), target.callCtx)
  const body = target.adapter.speaksOpenAI ? bytes : JSON.stringify(encodeEmbeddings(result, req, target.deployment.model))
  return { body, usage: result.usage }
}

/** POST /v1/embeddings */
export function embeddingsHandler(deps: GatewayDeps) {
  return async function embeddingsEndpoint(c: Context<GatewayEnv>): Promise<Response> {
    const config = deps.config()
    const body = await readJsonBody(c, config.server.maxBodyBytes)
    const { request, requestedModel } = decodeEmbeddingsRequest(body)
    const route = routeOrNotFound(config, requestedModel)
    const eligible = requireCapabilities(config, deps.adapters, route, EMBEDDINGS_NEEDS)
    const admitted = admit(deps.state, c.get('key'), requestedModel)
    if (admitted !== undefined) await admitted
    const receivedAt = c.get('receivedAt')
    deps.metrics.inFlight.inc({ endpoint: 'embeddings' })
    c.set('routeLabel', route.label)
    const trace = { attempts: 0 }
    try {
      const executed = await execute(deps, eligible, { requestId: c.get('requestId'), signal: clientSignal(c), stream: false, trace }, (t) => attemptEmbeddings(deps, t, request))
      executed.done({ tokens: executed.value.usage?.promptTokens })
      const labels = labelsFor(route, executed.target.deployment)
      const usage = executed.value.usage === undefined ? undefined : { promptTokens: executed.value.usage.promptTokens, completionTokens: 0 }
      observeTokens(deps.metrics, labels, { usage, stream: false })
      const { deployment, provider } = executed.target
      const costUsd = usage === undefined ? undefined : account(deps, { labels, key: c.get('key'), deployment, provider, usage, requestId: c.get('requestId') }).costUsd
      observeRequest(deps, { requestId: c.get('requestId'), endpoint: 'embeddings', labels, ...answeredBy(executed), status: 200, stream: false, durationMs: performance.now() - receivedAt, promptTokens: usage?.promptTokens, costUsd })
      return jsonAnswer(c, executed.value.body, { ...answerHeaders(executed), ...costHeader(costUsd) })
    } catch (err) {
      for (const [name, value] of Object.entries(failedAttemptsHeader(trace))) c.header(name, value)
      observeRequest(deps, { requestId: c.get('requestId'), endpoint: 'embeddings', labels: labelsFor(route, undefined), ...failure(err), stream: false, durationMs: performance.now() - receivedAt })
      c.set('logged', true)
      throw err
    } finally {
      deps.metrics.inFlight.dec({ endpoint: 'embeddings' })
    }
  }
}
