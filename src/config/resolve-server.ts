/** `server:` → ServerConfig, with the defaults of defaults.ts. */
import { ALL_INTERFACES, DEFAULT_SERVER, LOOPBACK_HOST } from './defaults.js'
import { mergeTimeouts } from './resolve-routes.js'
import type { RawServer } from './schema/routes-file.js'
import type { ServerConfig } from './types.js'

/**
 * `open`: no master key and no virtual key, so anyone who reaches the gateway may spend its
 * provider keys. Then it listens on loopback unless a host is given (secure by default); with
 * keys, on every interface as before.
 */
export function resolveServer(raw: RawServer | undefined, open: boolean): ServerConfig {
  const d = DEFAULT_SERVER
  return {
    port: raw?.port ?? d.port,
    host: raw?.host === undefined || raw.host === '' ? (open ? LOOPBACK_HOST : ALL_INTERFACES) : raw.host,
    maxBodyBytes: raw?.max_body_bytes ?? d.maxBodyBytes,
    retries: raw?.retries ?? d.retries,
    toolValidation: { mode: raw?.tool_validation ?? d.toolValidation.mode, retries: raw?.tool_validation_retries ?? d.toolValidation.retries },
    timeouts: mergeTimeouts(d.timeouts, raw?.timeouts),
    watchConfig: raw?.watch_config ?? d.watchConfig,
    shutdownGraceMs: raw?.shutdown_grace_ms ?? d.shutdownGraceMs,
    shutdownDelayMs: raw?.shutdown_delay_ms ?? d.shutdownDelayMs,
    logLevel: raw?.log_level ?? d.logLevel,
    logContent: raw?.log_content ?? d.logContent,
    fallbacks: raw?.fallbacks ?? [],
    cooldown: {
      minFailures: raw?.cooldown?.min_failures ?? d.cooldown.minFailures,
      failureRatio: raw?.cooldown?.failure_ratio ?? d.cooldown.failureRatio,
      windowMs: raw?.cooldown?.window_ms ?? d.cooldown.windowMs,
      durationMs: raw?.cooldown?.duration_ms ?? d.cooldown.durationMs,
    },
    backoff: {
      baseMs: raw?.backoff?.base_ms ?? d.backoff.baseMs,
      maxMs: raw?.backoff?.max_ms ?? d.backoff.maxMs,
    },
    cors: { allowOrigins: (raw?.cors?.allow_origins ?? []).filter((origin) => origin !== '') },
    bodyTimeoutMs: raw?.body_timeout_ms ?? d.bodyTimeoutMs,
    upstreamLimits: {
      maxBodyBytes: raw?.upstream_limits?.max_body_bytes ?? d.upstreamLimits.maxBodyBytes,
      maxEventBytes: raw?.upstream_limits?.max_event_bytes ?? d.upstreamLimits.maxEventBytes,
      maxErrorBodyBytes: raw?.upstream_limits?.max_error_body_bytes ?? d.upstreamLimits.maxErrorBodyBytes,
    },
  }
}
