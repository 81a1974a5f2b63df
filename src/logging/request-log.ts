import { boundClientString } from '../canonical/client-string.js'
import type { Logger } from './logger.js'

/** The route, provider and model of a request (its metric labels). */
export interface RequestLabels {
  route: string
  provider: string
  model: string
}

/** The facts of one finished request, as its log line carries them. */
export interface RequestLogLine {
  requestId: string
  endpoint: string
  /** The deployment that answered (absent when none did). */
  deployment?: string
  status: number
  stream: boolean
  durationMs: number
  ttftMs?: number
  promptTokens?: number
  completionTokens?: number
  attempts?: number
  /** Served from the response cache. */
  cacheHit?: boolean
  /** The answer's cost in USD (from usage × price), when known at the end of the request. */
  costUsd?: number
  /** The GatewayError kind of a failed request (client_closed when the client went away). */
  errorKind?: string
  /** Tool calls or structured output that failed their schemas (tool_validation: annotate), and asks made again. */
  toolValidation?: { failures?: string; retries?: number }
  /** Prompt and completion text: only when `server.log_content` is on. */
  content?: { messages: unknown; completion?: string | null }
}

/**
 * One JSON line per request. Fields are picked one by one (no request or header object is
 * spread in), so neither a client's nor a provider's key can reach the log.
 */
export function logRequest(logger: Logger, line: RequestLogLine, labels: RequestLabels): void {
  const level = line.status >= 500 ? 'warn' : 'info'
  if (!logger.isLevelEnabled(level)) return
  logger[level](
    {
      requestId: line.requestId,
      endpoint: line.endpoint,
      route: labels.route,
      provider: labels.provider,
      model: labels.model,
      // A deployment a client named (`provider/<anything>`) is only echoed bounded.
      deployment: line.deployment === undefined ? undefined : boundClientString(line.deployment),
      status: line.status,
      stream: line.stream,
      latencyMs: Math.round(line.durationMs * 10) / 10,
      ttftMs: line.ttftMs === undefined ? undefined : Math.round(line.ttftMs * 10) / 10,
      promptTokens: line.promptTokens,
      completionTokens: line.completionTokens,
      attempts: line.attempts,
      costUsd: line.costUsd,
      cacheHit: line.cacheHit,
      errorKind: line.errorKind,
      toolValidation: line.toolValidation,
      ...(line.content === undefined ? {} : { messages: line.content.messages, completion: line.content.completion }),
    },
    'request',
  )
}
