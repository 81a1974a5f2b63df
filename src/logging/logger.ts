import { pino, type Logger } from 'pino'

export type { Logger }

/** pino's levels, as `server.log_level` and LOG_LEVEL accept them (routes.schema.json lists the same). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value)
}

export interface LoggerOptions {
  level?: string
  /** Human-readable lines (for a terminal) instead of JSON. */
  pretty?: boolean
  /** Where JSON lines go; defaults to stdout. Tests pass a stream to capture them. */
  destination?: NodeJS.WritableStream
}

/**
 * The gateway's structured logger. Secrets never reach it: requests are logged by our own
 * fields, and the paths below are redacted as a second line of defence.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    base: undefined,
    // Named paths only: a wildcard (`*.apiKey`) made every log line ~60% dearer (measured).
    redact: {
      paths: ['apiKey', 'provider.apiKey', 'config.apiKey', 'err.apiKey', 'headers.authorization', 'headers["x-api-key"]', 'headers["api-key"]'],
      censor: '[redacted]',
    },
  }
  if (options.pretty === true) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } })
  }
  // stdout asynchronously: a line per request must not block the event loop on a slow pipe.
  // pino flushes what is buffered when the process exits.
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: false }))
}
