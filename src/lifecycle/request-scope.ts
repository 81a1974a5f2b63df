import type { Usage } from '../canonical/chat.js'
import type { RouteConfig } from '../config/types.js'
import type { GatewayError } from '../errors/gateway-error.js'
import { account } from '../access/account.js'
import { logRequest } from '../logging/request-log.js'
import type { Answer } from '../routing/answer.js'
import type { Executed } from '../routing/execute.js'
import { labelsFor, UNROUTED, type RouteLabels } from '../routing/labels.js'
import type { Exchange } from './exchange.js'
import type { RequestContext } from './request-context.js'

/** How a request ended, as far as its metrics, log line, accounting and attempt care. */
export interface Outcome {
  /** HTTP status sent, or 499 when the client went away first. */
  status: number
  /** The error the client got (absent on success and when the client went away). */
  error?: GatewayError
  usage?: Usage
  /** Completion tokens counted by the gateway, when the upstream reported no usage. */
  completionEstimate?: number
  /** Milliseconds over which the completion tokens were generated. */
  generationMs?: number
  ttftMs?: number
  cacheHit?: boolean
  /** The answer's text, for `server.log_content`. */
  completion?: string | null
  /** The answer reached its end (the upstream body was read whole). */
  finished?: boolean
  /** The stream failed after it was committed: counts against its deployment. */
  failedAfterCommit?: GatewayError
}

/**
 * The one owner of a request's bookkeeping: the in-flight gauge (raised when the request
 * arrives, lowered once), the committed attempt (released once), the accounting, the metrics
 * and the one log line. Every path ends it exactly once, JSON answers, streams and errors alike.
 */
export interface RequestScope {
  routed(route: RouteConfig): void
  exchange(exchange: Exchange): void
  answered(executed: Executed<Answer>): void
  attempts(n: number): void
  /** Upstream attempts made, once known. */
  attemptsMade(): number | undefined
  /** The metric labels of the request: its route and, once answered, the deployment that answered. */
  labels(): RouteLabels
  /** Spend and the key's usage for the answer (once); its cost in USD when the model has a price. */
  account(usage: Usage | undefined, completionEstimate?: number): number | undefined
  end(outcome: Outcome): void
}

/** What the scope has learned about its request so far. */
interface ScopeFacts {
  route?: RouteConfig
  exchange?: Exchange
  executed?: Executed<Answer>
  attempts?: number
  accounted?: { costUsd: number | undefined }
  /** Counted at most once, though both the token metrics and the spend may ask for it. */
  promptCount?: Promise<number>
  ended: boolean
}

export function openScope(rc: RequestContext): RequestScope {
  rc.deps.metrics.inFlight.inc({ endpoint: rc.door.endpoint })
  const facts: ScopeFacts = { ended: false }
  const countPrompt = (): Promise<number> | undefined => {
    const count = facts.exchange?.countPrompt
    if (count === undefined) return undefined
    facts.promptCount ??= count()
    return facts.promptCount
  }
  const labels = (): RouteLabels => (facts.route === undefined ? UNROUTED : labelsFor(facts.route, facts.executed?.target.deployment))
  const account = (usage: Usage | undefined, completionEstimate = 0): number | undefined => {
    facts.accounted ??= { costUsd: accountAnswer(rc, facts.executed, labels(), usage, completionEstimate, countPrompt) }
    return facts.accounted.costUsd
  }
  return {
    routed: (route) => void (facts.route = route),
    exchange: (exchange) => void (facts.exchange = exchange),
    answered(executed) {
      facts.executed = executed
      facts.attempts = executed.attempts
    },
    attempts: (n) => void (facts.attempts = n),
    attemptsMade: () => facts.attempts,
    labels,
    account,
    end(outcome) {
      if (facts.ended) return
      facts.ended = true
      endRequest(rc, facts, outcome, { labels: labels(), account, countPrompt })
    },
  }
}

/** The end of a request, once: gauge down, attempt released, metrics, accounting, the log line. */
function endRequest(rc: RequestContext, facts: ScopeFacts, outcome: Outcome, scope: { labels: RouteLabels; account: RequestScope['account']; countPrompt: () => Promise<number> | undefined }): void {
  const { metrics } = rc.deps
  const endpoint = rc.door.endpoint
  const { executed, exchange } = facts
  const l = scope.labels
  metrics.inFlight.dec({ endpoint })
  const tokens = outcome.usage === undefined ? undefined : outcome.usage.promptTokens + outcome.usage.completionTokens
  executed?.release({ finished: outcome.finished === true, tokens, error: outcome.failedAfterCommit })
  if (outcome.error !== undefined) metrics.errors.inc({ route: l.route, kind: outcome.error.blame })
  const stream = exchange?.stream === true
  if (executed !== undefined) observeTokens(rc, l, outcome, stream, scope.countPrompt)
  const costUsd = executed === undefined ? (outcome.cacheHit === true ? 0 : undefined) : scope.account(outcome.usage, outcome.completionEstimate)
  const streamLabel = stream ? 'true' : 'false'
  metrics.requests.inc({ endpoint, ...l, status: String(outcome.status), stream: streamLabel })
  const durationMs = performance.now() - rc.receivedAt
  metrics.duration.observe({ endpoint, ...l, stream: streamLabel }, durationMs / 1000)
  const content = rc.config.server.logContent && exchange?.logContent !== undefined ? { messages: exchange.logContent, completion: outcome.completion } : undefined
  logRequest(rc.deps.logger, {
    requestId: rc.requestId,
    endpoint,
    deployment: executed?.target.deployment.id,
    status: outcome.status,
    stream,
    durationMs,
    ttftMs: outcome.ttftMs,
    promptTokens: outcome.usage?.promptTokens,
    completionTokens: outcome.usage?.completionTokens ?? outcome.completionEstimate,
    attempts: facts.attempts,
    cacheHit: outcome.cacheHit,
    costUsd,
    errorKind: outcome.error?.kind ?? (outcome.status === 499 ? 'client_closed' : undefined),
    toolValidation: executed?.value.checked,
    content,
  }, l)
}

/**
 * Spend and key usage for one answer. Without the upstream's usage the prompt is counted off the
 * main thread and accounted when that finishes (so no cost is known in time for the log line).
 */
function accountAnswer(rc: RequestContext, executed: Executed<Answer> | undefined, labels: RouteLabels, usage: Usage | undefined, completionEstimate: number, countPrompt: () => Promise<number> | undefined): number | undefined {
  if (executed === undefined) return undefined
  const { deployment, provider } = executed.target
  const facts = { labels, key: rc.key, deployment, provider, requestId: rc.requestId }
  if (usage !== undefined) return account(rc.deps, { ...facts, usage }).costUsd
  countPrompt()?.then(
    (promptTokens) => account(rc.deps, { ...facts, usage: { promptTokens, completionTokens: completionEstimate } }),
    () => undefined,
  )
  return undefined
}

/** Token counters, time to first token and the tokens-per-second histogram (never 0 or infinity). */
function observeTokens(rc: RequestContext, labels: RouteLabels, o: Outcome, stream: boolean, countPrompt: () => Promise<number> | undefined): void {
  const { metrics } = rc.deps
  const endpoint = rc.door.endpoint
  if (o.ttftMs !== undefined) metrics.ttft.observe({ endpoint, ...labels }, o.ttftMs / 1000)
  const completion = o.usage?.completionTokens ?? o.completionEstimate ?? 0
  if (o.usage !== undefined) {
    if (o.usage.promptTokens > 0) metrics.tokens.inc({ ...labels, type: 'prompt' }, o.usage.promptTokens)
  } else {
    countPrompt()?.then(
      (prompt) => {
        if (prompt > 0) metrics.tokens.inc({ ...labels, type: 'prompt' }, prompt)
      },
      () => undefined,
    )
  }
  if (completion > 0) metrics.tokens.inc({ ...labels, type: 'completion' }, completion)
  if (completion > 0 && o.generationMs !== undefined && o.generationMs >= 1) {
    metrics.tokensPerSecond.observe({ endpoint, ...labels, stream: stream ? 'true' : 'false' }, completion / (o.generationMs / 1000))
  }
}
