/** Defaults for what routes.yaml leaves out of `server:` (the provider kinds own theirs). */
import type { ServerConfig, Timeouts } from './types.js'
import { DEFAULT_UPSTREAM_LIMITS } from '../streaming/upstream-limits.js'

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  connectMs: 5_000,
  ttftMs: 60_000,
  idleMs: 60_000,
  totalMs: 600_000,
  keepaliveMs: 0,
})

/** Where an open gateway (no keys) listens unless told otherwise: this machine only. */
export const LOOPBACK_HOST = '127.0.0.1'

/** Where a gateway that needs a key listens unless told otherwise. */
export const ALL_INTERFACES = '0.0.0.0'

const MIB = 1024 * 1024

export const DEFAULT_SERVER: Readonly<Omit<ServerConfig, 'host'>> = Object.freeze({
  port: 4000,
  maxBodyBytes: 4 * MIB,
  retries: 0,
  // annotate: an invalid tool call is named (header, log, metric) but the answer is the model's;
  // retry and reject change what clients see, so a route opts into them.
  toolValidation: Object.freeze({ mode: 'annotate', retries: 1 }),
  timeouts: DEFAULT_TIMEOUTS,
  watchConfig: true,
  shutdownGraceMs: 30_000,
  shutdownDelayMs: 0,
  logLevel: 'info',
  logContent: false,
  fallbacks: [],
  // Half the attempts failing, at least three, within 30 s: a deployment that is down, not one
  // with the odd error (those are retried elsewhere and do not justify taking it out).
  cooldown: Object.freeze({ minFailures: 3, failureRatio: 0.5, windowMs: 30_000, durationMs: 10_000 }),
  backoff: Object.freeze({ baseMs: 250, maxMs: 5_000 }),
  cors: Object.freeze({ allowOrigins: [] }),
  // Long enough for a large prompt over a slow link; short enough that a trickled body does not
  // hold a connection for Node's 300 s default.
  bodyTimeoutMs: 30_000,
  // They bound what one misbehaving upstream can make the gateway buffer; the stream layer owns them.
  upstreamLimits: DEFAULT_UPSTREAM_LIMITS,
})
