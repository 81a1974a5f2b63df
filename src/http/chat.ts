import type { Context } from 'hono'
import type { GatewayDeps } from '../deps.js'
import { GatewayError, toGatewayError } from '../errors/gateway-error.js'
import { errorSseLine } from '../errors/render-error.js'
import { attemptChat, type ChatAnswer, type ChatAttemptInput } from '../routing/attempt-chat.js'
import { execute, type Executed } from '../routing/execute.js'
import { labelsFor, UNROUTED, type RouteLabels } from '../routing/labels.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { deadlineError } from '../routing/attempt-link.js'
import { errorClass } from '../routing/error-class.js'
import { totalTokens } from './observe.js'
import { decodeChatRequest } from '../wire/decode-chat-request.js'
import type { GatewayEnv } from './env.js'
import { errorResponse } from './error-response.js'
import { observeRequest, observeTokens, type Endpoint } from './observe.js'
import { readJsonBody } from './read-json-body.js'
import { routeOrNotFound } from './resolve-route.js'
import { answerHeaders, failedAttemptsHeader } from './answer-headers.js'
import { writeStream } from './write-stream.js'
import { KEEP_ALIVE_LINE, settlesWithin } from './keep-alive.js'
import type { RouteConfig } from '../config/types.js'
import type { ChatRequest } from '../canonical/chat.js'
import { countPromptTokens } from '../tokens/count-tokens.js'

/** POST /v1/chat/completions */
export function chatHandler(deps: GatewayDeps) {
  return async function chatCompletions(c: Context<GatewayEnv>): Promise<Response> {
    const config = deps.config()
    const body = await readJsonBody(c, config.server.maxBodyBytes)
    const { request, requestedModel, unmodelled } = decodeChatRequest(body)
    const route = routeOrNotFound(config, requestedModel)
    return runChat(c, deps, 'chat', route, request, {
      request,
      unmodelled,
      meta: { id: `chatcmpl-${c.var.requestId}`, created: Math.floor(Date.now() / 1000), model: requestedModel },
      mode: 'chat',
    })
  }
}

/** Shared by chat and chat-translated completions: execute, then answer as JSON or a stream, measuring both. */
export async function runChat(
  c: Context<GatewayEnv>,
  deps: GatewayDeps,
  endpoint: Endpoint,
  route: RouteConfig,
  request: ChatRequest,
  input: ChatAttemptInput,
): Promise<Response> {
  const receivedAt = c.var.receivedAt
  const { metrics } = deps
  metrics.inFlight.inc({ endpoint })
  c.set('routeLabel', route.label)
  const trace = { attempts: 0 }
  const failed = (err: unknown) => {
    metrics.inFlight.dec({ endpoint })
    const status = err instanceof AbortedError ? 499 : toGatewayError(err).status
    observeRequest(metrics, { endpoint, labels: labelsFor(route, undefined), status, stream: request.stream, durationMs: performance.now() - receivedAt })
  }
  const executing = execute(deps, route, { requestId: c.var.requestId, signal: c.req.raw.signal, stream: request.stream, trace }, (target) => attemptChat(deps.upstream, target, input))
  const keepaliveMs = route.timeouts.keepaliveMs
  // Only on a real socket: the keep-alive lines are for proxies between the client and us.
  if (request.stream && keepaliveMs > 0 && c.env?.outgoing !== undefined && !(await settlesWithin(executing, keepaliveMs))) {
    return writeStream(c, {}, keptAlive(c, deps, endpoint, route, executing, failed, keepaliveMs, () => countPromptTokens(request.messages)))
  }
  let executed: Executed<ChatAnswer>
  try {
    executed = await executing
  } catch (err) {
    failed(err)
    for (const [name, value] of Object.entries(failedAttemptsHeader(trace))) c.header(name, value)
    throw err
  }
  const labels = labelsFor(route, executed.target.deployment)
  const headers = answerHeaders(executed)
  const answer = executed.value
  const promptEstimate = () => countPromptTokens(request.messages)

  if (answer.kind === 'json') {
    executed.done({ tokens: totalTokens(answer.result.usage) })
    metrics.inFlight.dec({ endpoint })
    observeTokens(metrics, labels, { usage: answer.result.usage, promptEstimate, generationMs: answer.upstreamMs, stream: false })
    observeRequest(metrics, { endpoint, labels, status: 200, stream: false, durationMs: performance.now() - receivedAt })
    return c.body(answer.body, 200, { ...headers, 'content-type': 'application/json' })
  }
  return writeStream(c, headers, relayToClient(deps, endpoint, labels, executed as Executed<Extract<ChatAnswer, { kind: 'stream' }>>, receivedAt, promptEstimate))
}

/**
 * A stream whose first token is slow: the answer has started (200, no routing headers yet), and
 * a comment line goes out every `intervalMs` until the executor settles; then the stream, or
 * its failure as one error event. If the client leaves first, the executor is aborted by the
 * client's signal and whatever it ends with is still accounted for.
 */
async function* keptAlive(
  c: Context<GatewayEnv>,
  deps: GatewayDeps,
  endpoint: Endpoint,
  route: RouteConfig,
  executing: Promise<Executed<ChatAnswer>>,
  failed: (err: unknown) => void,
  intervalMs: number,
  promptEstimate: () => Promise<number>,
): AsyncGenerator<string> {
  let handedOver = false
  try {
    while (!(await settlesWithin(executing, intervalMs))) yield KEEP_ALIVE_LINE
    let executed: Executed<ChatAnswer>
    try {
      executed = await executing
    } catch (err) {
      handedOver = true
      failed(err)
      if (err instanceof AbortedError) return
      const error = toGatewayError(err)
      deps.metrics.errors.inc({ route: route.label, kind: errorClass(error) })
      yield errorSseLine(error)
      return
    }
    handedOver = true
    const labels = labelsFor(route, executed.target.deployment)
    // A JSON answer cannot happen for a stream request; the executor's value is a stream.
    if (executed.value.kind === 'stream') yield* relayToClient(deps, endpoint, labels, executed as Executed<Extract<ChatAnswer, { kind: 'stream' }>>, c.var.receivedAt, promptEstimate)
  } finally {
    if (!handedOver) {
      // The client left while we waited: the executor ends (aborted); release what it holds.
      executing.then(
        (executed) => {
          executed.link.abort()
          executed.done({})
          failed(new AbortedError())
        },
        failed,
      )
    }
  }
}

/**
 * The committed stream as the client sees it: the buffered head, then the rest. Measures
 * TTFT at the first token piece, and reports a failure after commit as one error line.
 * Its `finally` runs however the stream ends (done, error, or client gone).
 */
async function* relayToClient(
  deps: GatewayDeps,
  endpoint: Endpoint,
  labels: RouteLabels,
  executed: Executed<Extract<ChatAnswer, { kind: 'stream' }>>,
  receivedAt: number,
  promptEstimate: () => Promise<number>,
): AsyncGenerator<string> {
  const { head, rest, tally } = executed.value
  let firstTokenAt: number | undefined
  let lastTokenAt: number | undefined
  let status = 499
  let failure: GatewayError | undefined
  try {
    for (const piece of head) {
      if (piece.token) {
        lastTokenAt = performance.now()
        firstTokenAt ??= lastTokenAt
      }
      yield piece.sse
    }
    try {
      for (;;) {
        const next = await rest.next()
        if (next.done === true) break
        if (next.value.token) {
          lastTokenAt = performance.now()
          firstTokenAt ??= lastTokenAt
        }
        yield next.value.sse
      }
      status = 200
    } catch (err) {
      // The client went away (the relay was aborted for it); our own deadline is reported.
      const deadline = deadlineError(executed.link.signal)
      if (deadline === undefined && (err instanceof AbortedError || executed.link.signal.aborted)) return
      const error = deadline ?? toGatewayError(err)
      failure = error
      deps.metrics.upstreamErrors.inc({ ...labels, kind: error.kind })
      deps.metrics.errors.inc({ route: labels.route, kind: errorClass(error) })
      deps.logger.warn({ requestId: executed.target.callCtx.requestId, provider: labels.provider, kind: error.kind }, `stream failed after it started: ${error.message}`)
      status = error.status
      yield errorSseLine(error)
    }
  } finally {
    executed.link.abort()
    executed.done({ tokens: totalTokens(tally.usage), ...(failure === undefined ? {} : { error: failure }) })
    await rest.return?.(undefined)
    const { metrics } = deps
    metrics.inFlight.dec({ endpoint })
    if (firstTokenAt !== undefined) metrics.ttft.observe(labels, (firstTokenAt - receivedAt) / 1000)
    const completion = tally.usage?.completionTokens ?? tally.tokenPieces
    // Generation time after the first token covers completion - 1 tokens.
    const generationMs = firstTokenAt !== undefined && lastTokenAt !== undefined && completion > 1 ? ((lastTokenAt - firstTokenAt) * completion) / (completion - 1) : undefined
    observeTokens(metrics, labels, { usage: tally.usage, completionEstimate: tally.tokenPieces, promptEstimate, generationMs, stream: true })
    observeRequest(metrics, { endpoint, labels, status, stream: true, durationMs: performance.now() - receivedAt })
  }
}

export { UNROUTED, errorResponse }
