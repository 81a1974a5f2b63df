import type { ProviderConfig } from '../config/types.js'

/** Option names whose values are credentials (`secret_access_key`, `session_token`, `access_key_id`, `password`…). */
const SECRET_NAME = /key|secret|token|password|credential|auth|cookie|signature/i

/**
 * Every secret the gateway holds for a provider, for redact(): its api key, credential-like
 * options (AWS keys and session token, whatever a kind calls them) and the values of
 * credential-like headers from routes.yaml (`authorization: Bearer …`: the header value and
 * the token alone). Read from the config on each call: only errors need it.
 */
export function providerSecrets(provider: ProviderConfig): string[] {
  const secrets: string[] = []
  if (provider.apiKey !== undefined) secrets.push(provider.apiKey)
  for (const [name, value] of Object.entries(provider.options)) {
    if (typeof value === 'string' && SECRET_NAME.test(name)) secrets.push(value)
  }
  for (const [name, value] of Object.entries(provider.headers)) {
    if (!SECRET_NAME.test(name)) continue
    secrets.push(value)
    // `Bearer <token>`, `Basic <credentials>`: the credential alone, too.
    const scheme = /^\s*\S+\s+(\S+)\s*$/.exec(value)
    if (scheme !== null) secrets.push(scheme[1]!)
  }
  return secrets.filter((s) => s !== '')
}
