/**
 * The one check of a model string a client sends (`model` in any front door's body, the id in
 * `/v1/models/{id}`): at most MAX_MODEL_NAME_LENGTH characters from MODEL_NAME_CHARACTERS.
 *
 * The set admits every real id shape we know of, collected from the providers' documentation:
 *   `/`  namespaces: `Qwen/Qwen2.5-7B-Instruct`, `accounts/fireworks/models/llama-v3p1-8b-instruct`,
 *        `models/gemini-2.0-flash`, Bedrock ARNs (`arn:aws:bedrock:…:inference-profile/…`)
 *   `:`  tags and versions: `llama3.1:8b`, `us.anthropic.claude-3-5-sonnet-20241022-v2:0`,
 *        `ft:gpt-4o-mini:org::id`, OpenRouter variants (`openai/gpt-5.2:nitro`)
 *   `@`  Vertex versions (`claude-sonnet-4-5@20250929`), Workers AI (`@cf/meta/llama-3-8b-instruct`)
 *   `#`  Fireworks dedicated deployments (`accounts/fireworks/models/m#accounts/a/deployments/123`)
 *   `~`  OpenRouter routing aliases (`~anthropic/claude-haiku-latest`)
 *   `.` `_` `-` everywhere; `+` is harmless and seen in local model names.
 * Everything else (spaces, quotes, `?`, `%`, `&`, `=`, non-ASCII, control characters) is refused:
 * no real id needs it, and each has broken a header, a log line or a URL somewhere.
 *
 * 512 characters is well above the longest real ids (Bedrock ARNs, Fireworks deployment paths:
 * about 150), and small enough that a name costs nothing wherever it is kept or echoed.
 */
import { GatewayError } from '../errors/gateway-error.js'

export const MAX_MODEL_NAME_LENGTH = 512

/** For messages: the characters a model name may use. */
export const MODEL_NAME_CHARACTERS = 'letters A-Z a-z, digits and . _ - / : @ # ~ +'

const ALLOWED = /^[A-Za-z0-9._\-/:@#~+]+$/
const FIRST_DISALLOWED = /[^A-Za-z0-9._\-/:@#~+]/u

/**
 * `value` if it is a model name the gateway accepts; otherwise a 400 naming `param` that says
 * what is allowed (without echoing the refused string, which may be megabytes or control bytes).
 */
export function checkModelName(value: unknown, param = 'model'): string {
  if (typeof value !== 'string') {
    throw new GatewayError('invalid_request', `'${param}' must be a string naming a model.`, { param })
  }
  const rule = `a model name is 1 to ${MAX_MODEL_NAME_LENGTH} characters: ${MODEL_NAME_CHARACTERS}`
  if (value.length === 0) throw new GatewayError('invalid_request', `'${param}' is empty: ${rule}.`, { param })
  if (value.length > MAX_MODEL_NAME_LENGTH) {
    throw new GatewayError('invalid_request', `'${param}' is ${value.length} characters long: ${rule}.`, { param })
  }
  if (!ALLOWED.test(value)) {
    const bad = FIRST_DISALLOWED.exec(value)
    const at = bad === null ? '' : ` ${describeCharacter(bad[0])} at position ${bad.index + 1}`
    throw new GatewayError('invalid_request', `'${param}' contains${at || ' a character that is not allowed'}: ${rule}.`, { param })
  }
  return value
}

/** `U+000D` for a control or non-ASCII character, `'?'` for a printable one. */
function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  if (code >= 0x21 && code <= 0x7e) return `'${ch}'`
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}
