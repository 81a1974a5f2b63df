import type { Context } from 'hono'
import type { GatewayDeps } from '../deps.js'
import { GatewayError, toGatewayError } from '../errors/gateway-error.js'
import { errorSseLine } from '../errors/render-error.js'
import { attemptChat, type ChatAnswer, type ChatAttemptInput } from '../routing/attempt-chat.js'
import { execute, type Executed } from '../routing/execute.js'
import { labelsFor, UNROUTED, type RouteLabels } from '../routing/labels.js'
import { chatNeeds, requireCapabilities } from '../routing/require-capabilities.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { deadlineError } from '../routing/attempt-link.js'
import { errorClass } from '../routing/error-class.js'
import { totalTokens } from './observe.js'
import { decodeChatRequest } from '../wire/decode-chat-request.js'
import type { GatewayEnv } from './env.js'
import { clientSignal } from './client-signal.js'
import { errorResponse } from './error-response.js'
import { answeredBy, failure, observeRequest, observeTokens, type Endpoint } from './observe.js'
import { readJsonBody } from './read-json-body.js'
import { routeOrNotFound } from './resolve-route.js'
import { answerHeaders, failedAttemptsHeader } from './answer-headers.js'
import { writeStream } from './write-stream.js'
import { jsonAnswer } from './json-answer.js'
import { KEEP_ALIVE_LINE, settlesWithin } from './keep-alive.js'
import type { RouteConfig } from '../config/types.js'
import type { ChatRequest } from '../canonical/chat.js'
import { countPromptTokens } from '../tokens/count-tokens.js'
import { admit } from '../access/admit.js'
import type { ResponseCache } from '../cache/response-cache.js'
import { consultCache, NO_CACHE } from './cached-answer.js'
import { account, costHeader } from '../access/account.js'
import type { Usage } from '../canonical/chat.js'
import type { KeyConfig } from '../config/types.js'

/** POST /v1/chat/completions */
export function chatHandler(deps: GatewayDeps, cache: ResponseCache) {
  return async function chatCompletions(c: Context<GatewayEnv>): Promise<Response> {
    const config = deps.config()
    const body = await readJsonBody(c, config.server.maxBodyBytes)
    const { request, requestedModel, unmodelled } = decodeChatRequest(body)
    const route = routeOrNotFound(config, requestedModel)
    return runChat(c, deps, cache, 'chat', route, request, {
      request,
      unmodelled,
      meta: { id: `chatcmpl-${c.get('requestId')}`, created: Math.floor(Date.now() / 1000), model: requestedModel },
      mode: 'chat',
    })
  }
}

/** Shared by chat and chat-translated completions: execute, then answer as JSON or a stream, measuring both. */
export async function runChat(
  c: Context<GatewayEnv>,
  deps: GatewayDeps,
  cache: ResponseCache,
  endpoint: Endpoint,
  route: RouteConfig,
  request: ChatRequest,
  input: ChatAttemptInput,
): Promise<Response> {
  const receivedAt = c.get('receivedAt')
  const { metrics } = deps
  const eligible = requireCapabilities(deps.config(), deps.adapters, route, chatNeeds(request))
  const key = c.get('key')
  const admitted = admit(deps.state, key, input.meta.model)
  if (admitted !== undefined) await admitted
  // No await at all for routes without the cache.
  const cached = route.cache === true ? await consultCache(c, deps, cache, endpoint, route, request) : NO_CACHE
  if (cached.hit !== undefined) return cached.hit
  // Prompt text reaches the log only when asked for (server.log_content).
  const messages = deps.config().server.logContent ? request.messages : undefined
  const promptContent = messages === undefined ? undefined : { messages }
  metrics.inFlight.inc({ endpoint })
  c.set('routeLabel', route.label)
  const trace = { attempts: 0 }
  const failed = (err: unknown) => {
    metrics.inFlight.dec({ endpoint })
    observeRequest(deps, { requestId: c.get('requestId'), endpoint, labels: labelsFor(route, undefined), ...failure(err), stream: request.stream, durationMs: performance.now() - receivedAt, content: promptContent })
    c.set('logged', true)
  }
  const executing = execute(deps, eligible, { requestId: c.get('requestId'), signal: clientSignal(c), stream: request.stream, trace }, (target) => attemptChat(deps.upstream, target, input))
  // Counted at most once, though both the token metrics and the spend may ask for it.
  let promptCount: Promise<number> | undefined
  const promptEstimate = () => (promptCount ??= countPromptTokens(request.messages))
  const keepaliveMs = route.timeouts.keepaliveMs
  // Only on a real socket: the keep-alive lines are for proxies between the client and us.
  if (request.stream && keepaliveMs > 0 && c.env?.outgoing !== undefined && !(await settlesWithin(executing, keepaliveMs))) {
    const finish: StreamFinish = { key, promptEstimate, store: cached.store, content: promptContent }
    return writeStream(c, cached.headers, keptAlive(c, deps, endpoint, route, executing, failed, keepaliveMs, finish))
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
  const headers = { ...answerHeaders(executed), ...cached.headers }
  const answer = executed.value

  if (answer.kind === 'json') {
    executed.done({ tokens: totalTokens(answer.result.usage) })
    metrics.inFlight.dec({ endpoint })
    observeTokens(metrics, labels, { usage: answer.result.usage, promptEstimate, generationMs: answer.upstreamMs, stream: false })
    const usage = answer.result.usage
    const costUsd = accountAnswer(deps, executed, labels, key, usage, 0, promptEstimate)
    const content = messages === undefined ? undefined : { messages, completion: answer.result.text }
    const tokens = { promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens }
    observeRequest(deps, { requestId: c.get('requestId'), endpoint, labels, ...answeredBy(executed), status: 200, stream: false, durationMs: performance.now() - receivedAt, ...tokens, costUsd, content })
    cached.store?.(answer.body)
    return jsonAnswer(c, answer.body, { ...headers, ...costHeader(costUsd) })
  }
  // A stream's headers leave before its usage is known: its cost goes to the spend metric, the
  // key's budget and the log line, not to a header.
  return writeStream(c, headers, relayToClient(deps, endpoint, labels, executed as Executed<Extract<ChatAnswer, { kind: 'stream' }>>, receivedAt, { key, promptEstimate, store: cached.store, content: promptContent }))
}

/** What the end of a stream needs besides its execution: the key to charge, the prompt count, the cache, the log content. */
interface StreamFinish {
  key: KeyConfig | undefined
  promptEstimate: () => Promise<number>
  /** Keeps the whole stream in the response cache (routes with the cache on). */
  store: ((sse: string) => void) | undefined
  content: { messages: unknown } | undefined
}

/**
 * Spend and key usage for one answer. Without the upstream's usage the prompt is counted off
 * the main thread and accounted when that finishes (so no cost is known in time for a header).
 */
function accountAnswer(
  deps: GatewayDeps,
  executed: Executed<unknown>,
  labels: RouteLabels,
  key: KeyConfig | undefined,
  usage: Usage | undefined,
  completionEstimate: number,
  promptEstimate: () => Promise<number>,
): number | undefined {
  const { deployment, provider, callCtx } = executed.target
  const facts = { labels, key, deployment, provider, requestId: callCtx.requestId }
  if (usage !== undefined) return account(deps, { ...facts, usage }).costUsd
  promptEstimate().then(
    (promptTokens) => account(deps, { ...facts, usage: { promptTokens, completionTokens: completionEstimate } }),
    () => undefined,
  )
  return undefined
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
  finish: StreamFinish,
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
    if (executed.value.kind === 'stream') yield* relayToClient(deps, endpoint, labels, executed as Executed<Extract<ChatAnswer, { kind: 'stream' }>>, c.get('receivedAt'), finish)
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
  { key, promptEstimate, store, content }: StreamFinish,
): AsyncGenerator<string> {
  const { head, rest, tally } = executed.value
  // Only for routes with the cache on: the pieces (strings already made) are kept to store the whole stream.
  const kept: string[] | undefined = store === undefined ? undefined : []
  let firstTokenAt: number | undefined
  let lastTokenAt: number | undefined
  let status = 499
  let streamError: GatewayError | undefined
  try {
    for (const piece of head) {
      if (piece.token) {
        lastTokenAt = performance.now()
        firstTokenAt ??= lastTokenAt
      }
      kept?.push(piece.sse)
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
        kept?.push(next.value.sse)
        yield next.value.sse
      }
      status = 200
    } catch (err) {
      // The client went away (the relay was aborted for it); our own deadline is reported.
      const deadline = deadlineError(executed.link.signal)
      if (deadline === undefined && (err instanceof AbortedError || executed.link.signal.aborted)) return
      const error = deadline ?? toGatewayError(err)
      streamError = error
      deps.metrics.upstreamErrors.inc({ ...labels, kind: error.kind })
      deps.metrics.errors.inc({ route: labels.route, kind: errorClass(error) })
      deps.logger.warn({ requestId: executed.target.callCtx.requestId, provider: labels.provider, kind: error.kind }, `stream failed after it started: ${error.message}`)
      status = error.status
      yield errorSseLine(error)
    }
  } finally {
    // A finished upstream body needs no abort (and an abort costs an exception with a stack).
    if (status !== 200) executed.link.abort()
    executed.done({ tokens: totalTokens(tally.usage), ...(streamError === undefined ? {} : { error: streamError }) })
    await rest.return?.(undefined)
    const { metrics } = deps
    metrics.inFlight.dec({ endpoint })
    if (firstTokenAt !== undefined) metrics.ttft.observe(labels, (firstTokenAt - receivedAt) / 1000)
    // The time from the first token piece to the last covers pieces - 1 of the pieces; scale it
    // to all of them. Counting pieces, not tokens, keeps the rate right for providers that send
    // many tokens per chunk (Gemini, Bedrock, Anthropic): with tokens it read up to pieces/(pieces-1)
    // times too fast. One piece gives no rate (never 0 or infinity).
    const pieces = tally.tokenPieces
    const generationMs = firstTokenAt !== undefined && lastTokenAt !== undefined && pieces > 1 ? ((lastTokenAt - firstTokenAt) * pieces) / (pieces - 1) : undefined
    observeTokens(metrics, labels, { usage: tally.usage, completionEstimate: tally.tokenPieces, promptEstimate, generationMs, stream: true })
    const costUsd = accountAnswer(deps, executed, labels, key, tally.usage, tally.tokenPieces, promptEstimate)
    // Only a stream that ended normally is kept (not one cut by an error or a disconnect).
    if (status === 200 && kept !== undefined) store?.(kept.join(''))
    observeRequest(deps, {
      requestId: executed.target.callCtx.requestId,
      endpoint,
      labels,
      ...answeredBy(executed),
      status,
      stream: true,
      durationMs: performance.now() - receivedAt,
      ttftMs: firstTokenAt === undefined ? undefined : firstTokenAt - receivedAt,
      promptTokens: tally.usage?.promptTokens,
      completionTokens: tally.usage?.completionTokens ?? tally.tokenPieces,
      costUsd,
      // 499 without an error of ours: the client went away.
      errorKind: status === 200 ? undefined : (streamError?.kind ?? 'client_closed'),
      content,
    })
  }
}

export { UNROUTED, errorResponse }
