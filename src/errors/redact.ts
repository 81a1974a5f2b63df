/**
 * The one redaction of secrets in text that leaves the gateway (error messages to clients,
 * stream error events, log lines). Upstreams quote what they were sent: OpenAI's 401 shows a
 * masked key, a proxy's error page may echo the Authorization header, an AWS signature error
 * prints the canonical request with its session token, a Gemini or Anthropic error body may
 * carry the key. Given the secrets the gateway holds for the provider, every occurrence is
 * replaced, also in the forms a message carries them: URL-encoded (`key=…` in a quoted URL),
 * JSON-escaped, and, whatever the secret, anything shaped like a provider key.
 */
import { GatewayError } from './gateway-error.js'

export const REDACTED = '[redacted]'

/** Shorter strings are not redacted by value: they would match ordinary words. */
const MIN_SECRET_LENGTH = 8

/** Tokens shaped like provider keys, ours or not, masked or not (`sk-proj-…****abcd`, `AIza…`). */
const KEY_LIKE = /\b(?:sk|rk|pk|gsk|xai)-[A-Za-z0-9*_.-]{4,}|\bAIza[0-9A-Za-z_-]{20,}/g

/** The forms a secret takes in a message. */
function forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  return [...new Set([secret, encodeURIComponent(secret), json, json.replace(/\//g, '\\/')])]
}

/** `text` with every secret (in each of its forms) and every key-shaped token replaced. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  // Longest first, so a secret that contains another is replaced whole.
  const all = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(forms)
  for (const form of all.sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED)
  }
  return out.replace(KEY_LIKE, REDACTED)
}

/** The same error with its message redacted (the error itself when nothing needed it). */
export function redactError(error: GatewayError, secrets: readonly string[]): GatewayError {
  const message = redact(error.message, secrets)
  if (message === error.message) return error
  return new GatewayError(error.kind, message, error.detail)
}
