/**
 * How to authenticate to Bedrock, from the provider's options (resolved by options.ts, with
 * the AWS environment's fallbacks):
 *
 * - `region`, for signing;
 * - `access_key_id`, `secret_access_key`, optional `session_token` → SigV4 signing;
 * - otherwise the provider's `api_key` is sent as a Bedrock API key
 *   (`Authorization: Bearer <key>`, SOURCES.md converse-request.http notes).
 */
import { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'

export interface SigV4Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export type BedrockAuth =
  | { kind: 'sigv4'; region: string; credentials: SigV4Credentials }
  | { kind: 'bearer'; region: string; token: string }

export function readAuth(ctx: CallContext<'bedrock'>): BedrockAuth {
  const { region, access_key_id: accessKeyId, secret_access_key: secretAccessKey, session_token: sessionToken } = ctx.provider.options
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const credentials: SigV4Credentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken }
    return { kind: 'sigv4', region, credentials }
  }
  if (ctx.provider.apiKey !== undefined && ctx.provider.apiKey !== '') {
    return { kind: 'bearer', region, token: ctx.provider.apiKey }
  }
  throw new GatewayError(
    'upstream_error',
    `Provider '${ctx.provider.name}' has no AWS credentials: set options.access_key_id and options.secret_access_key, or api_key.`,
    { provider: ctx.provider.name },
  )
}
