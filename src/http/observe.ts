import type { Usage } from '../canonical/chat.js'
import type { GatewayDeps } from '../deps.js'
import { toGatewayError } from '../errors/gateway-error.js'
import { AbortedError } from '../upstream/map-network-error.js'
import { logRequest, type RequestLogLine } from '../logging/request-log.js'
import type { Metrics } from '../metrics/metrics.js'
import type { RouteLabels } from '../routing/labels.js'

export type Endpoint = 'chat' | 'completions' | 'embeddings'

export interface RequestOutcome extends RequestLogLine {
  endpoint: Endpoint
  labels: RouteLabels
  /** HTTP status sent, or 499 when the client went away first. */
  status: number
  stream: boolean
  durationMs: number
}

/** The log fields of an answered request: which deployment answered, after how many attempts. */
export function answeredBy(executed: { target: { deployment: { id: string } }; attempts: number }): Pick<RequestLogLine, 'deployment' | 'attempts'> {
  return { deployment: executed.target.deployment.id, attempts: executed.attempts }
}

/** Status and error kind of a failed request; 499 `client_closed` when the client went away. */
export function failure(err: unknown): { status: number; errorKind: string } {
  if (err instanceof AbortedError) return { status: 499, errorKind: 'client_closed' }
  const error = toGatewayError(err)
  return { status: error.status, errorKind: error.kind }
}

/** The request counter, the duration histogram and the request's log line. */
export function observeRequest(deps: Pick<GatewayDeps, 'metrics' | 'logger'>, o: RequestOutcome): void {
  const { metrics } = deps
  const stream = o.stream ? 'true' : 'false'
  metrics.requests.inc({ endpoint: o.endpoint, ...o.labels, status: String(o.status), stream })
  metrics.duration.observe({ endpoint: o.endpoint, ...o.labels, stream }, o.durationMs / 1000)
  logRequest(deps.logger, o, o.labels)
}

export interface TokenOutcome {
  usage: Usage | undefined
  /** Completion tokens counted by the gateway, when the upstream reported no usage. */
  completionEstimate?: number
  /** Counts prompt tokens (off the main thread) when the upstream reported none. */
  promptEstimate?: () => Promise<number>
  /** Milliseconds over which the completion tokens were generated. */
  generationMs?: number
  stream: boolean
}

/** Token counters and the tokens-per-second histogram (never observes 0 or infinity). */
export function observeTokens(metrics: Metrics, labels: RouteLabels, o: TokenOutcome): void {
  const completion = o.usage?.completionTokens ?? o.completionEstimate ?? 0
  if (o.usage !== undefined) {
    if (o.usage.promptTokens > 0) metrics.tokens.inc({ ...labels, type: 'prompt' }, o.usage.promptTokens)
  } else if (o.promptEstimate !== undefined) {
    o.promptEstimate().then(
      (prompt) => {
        if (prompt > 0) metrics.tokens.inc({ ...labels, type: 'prompt' }, prompt)
      },
      () => undefined,
    )
  }
  if (completion > 0) metrics.tokens.inc({ ...labels, type: 'completion' }, completion)
  if (completion > 0 && o.generationMs !== undefined && o.generationMs >= 1) {
    metrics.tokensPerSecond.observe({ ...labels, stream: o.stream ? 'true' : 'false' }, completion / (o.generationMs / 1000))
  }
}

/** Prompt plus completion tokens, for a deployment's tpm window; undefined when not reported. */
export function totalTokens(usage: Usage | undefined): number | undefined {
  return usage === undefined ? undefined : usage.promptTokens + usage.completionTokens
}
