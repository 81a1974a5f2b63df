/**
 * Defaults for what routes.yaml leaves out. The base URLs are the providers' public API roots,
 * as the brief and the recorded fixtures (../shared/fixtures/SOURCES.md) give them; each adapter
 * appends its own paths (`/chat/completions`, `/v1/messages`, `/models/{m}:generateContent`, …).
 */
import { assertNever } from '../canonical/chat.js'
import type { ProviderKind } from '../providers/types.js'
import type { ServerConfig, Timeouts } from './types.js'

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  connectMs: 5_000,
  ttftMs: 60_000,
  idleMs: 60_000,
  totalMs: 600_000,
  keepaliveMs: 0,
})

export const DEFAULT_SERVER: Readonly<ServerConfig> = Object.freeze({
  port: 4000,
  host: '0.0.0.0',
  maxBodyBytes: 4 * 1024 * 1024,
  retries: 0,
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
})

/** Settings the built-in fake provider uses when routes.yaml does not give them. */
export const FAKE_DEFAULTS: Readonly<Record<string, number>> = Object.freeze({
  ttft_ms: 50,
  tokens_per_second: 200,
  embedding_dimensions: 16,
})

/**
 * The base URL a kind uses when `base_url` is left out, or undefined when the kind has none
 * (azure: every resource has its own host). `region` is only read for bedrock.
 */
export function defaultBaseUrl(kind: ProviderKind, region: string | undefined): string | undefined {
  switch (kind) {
    case 'openai':
      return 'https://api.openai.com/v1'
    case 'anthropic':
      return 'https://api.anthropic.com'
    case 'gemini':
      return 'https://generativelanguage.googleapis.com/v1beta'
    case 'ollama':
      return 'http://localhost:11434'
    case 'bedrock':
      // The Converse endpoint host, as in fixtures/bedrock (SOURCES.md): bedrock-runtime.{region}.amazonaws.com
      return region === undefined ? undefined : `https://bedrock-runtime.${region}.amazonaws.com`
    case 'azure':
      return undefined
    case 'fake':
      return 'fake://local'
    default:
      return assertNever(kind)
  }
}
