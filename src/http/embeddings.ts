import type { Context } from 'hono'
import type { EmbeddingsRequest, EmbeddingsResult } from '../canonical/embeddings.js'
import type { GatewayDeps } from '../deps.js'
import { GatewayError, toGatewayError } from '../errors/gateway-error.js'
import type { AttemptTarget } from '../routing/attempt-target.js'
import { execute } from '../routing/execute.js'
import { labelsFor } from '../routing/labels.js'
import { readJson, sendChecked } from '../routing/send.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { decodeEmbeddingsRequest } from '../wire/decode-embeddings-request.js'
import { encodeEmbeddings } from '../wire/encode-embeddings.js'
import { answerHeaders, failedAttemptsHeader } from './answer-headers.js'
import type { GatewayEnv } from './env.js'
import { observeRequest, observeTokens } from './observe.js'
import { readJsonBody } from './read-json-body.js'
import { routeOrNotFound } from './resolve-route.js'

interface EmbeddingsAnswer {
  body: string
  result: EmbeddingsResult
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
  const { text, json } = await readJson(res, target.provider.name)
  const result = embeddings.parseEmbeddings(json, target.callCtx)
  // OpenAI-compatible upstreams already answered in the client's encoding: relay their bytes.
  const body = target.adapter.speaksOpenAI ? text : JSON.stringify(encodeEmbeddings(result, req, target.deployment.model))
  return { body, result }
}

/** POST /v1/embeddings */
export function embeddingsHandler(deps: GatewayDeps) {
  return async function embeddingsEndpoint(c: Context<GatewayEnv>): Promise<Response> {
    const config = deps.config()
    const body = await readJsonBody(c, config.server.maxBodyBytes)
    const { request, requestedModel } = decodeEmbeddingsRequest(body)
    const route = routeOrNotFound(config, requestedModel)
    const receivedAt = c.var.receivedAt
    deps.metrics.inFlight.inc({ endpoint: 'embeddings' })
    c.set('routeLabel', route.label)
    const trace = { attempts: 0 }
    try {
      const executed = await execute(deps, route, { requestId: c.var.requestId, signal: c.req.raw.signal, stream: false, trace }, (t) => attemptEmbeddings(deps, t, request))
      executed.done({ tokens: executed.value.result.usage?.promptTokens })
      const labels = labelsFor(route, executed.target.deployment)
      observeTokens(deps.metrics, labels, { usage: executed.value.result.usage === undefined ? undefined : { promptTokens: executed.value.result.usage.promptTokens, completionTokens: 0 }, stream: false })
      observeRequest(deps.metrics, { endpoint: 'embeddings', labels, status: 200, stream: false, durationMs: performance.now() - receivedAt })
      return c.body(executed.value.body, 200, { ...answerHeaders(executed), 'content-type': 'application/json' })
    } catch (err) {
      for (const [name, value] of Object.entries(failedAttemptsHeader(trace))) c.header(name, value)
      const status = err instanceof AbortedError ? 499 : toGatewayError(err).status
      observeRequest(deps.metrics, { endpoint: 'embeddings', labels: labelsFor(route, undefined), status, stream: false, durationMs: performance.now() - receivedAt })
      throw err
    } finally {
      deps.metrics.inFlight.dec({ endpoint: 'embeddings' })
    }
  }
}
