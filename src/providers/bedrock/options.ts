/**
 * What the bedrock adapter reads from routes.yaml, with the AWS environment's fallbacks as the
 * AWS SDKs have them: the region from AWS_REGION then AWS_DEFAULT_REGION (unless routes.yaml
 * gives one, or a base_url that names one), and SigV4 credentials
 * from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, unless an api_key (a
 * Bedrock API key, sent as a bearer token) is given instead.
 */
import type { OptionsInput } from '../provider-module.js'
import type { BedrockOptionsSchema } from './options-schema.js'

export type BedrockOptions = {
  region: string
  access_key_id?: string
  secret_access_key?: string
  session_token?: string
  input_type?: string
}

type Credential = 'access_key_id' | 'secret_access_key' | 'session_token'

const CREDENTIALS: readonly (readonly [key: Credential, variable: string, required: boolean])[] = [
  ['access_key_id', 'AWS_ACCESS_KEY_ID', true],
  ['secret_access_key', 'AWS_SECRET_ACCESS_KEY', true],
  ['session_token', 'AWS_SESSION_TOKEN', false],
]

/** The region in a `https://bedrock-runtime[-fips].<region>.amazonaws.com` base URL. */
const REGIONAL_HOST = /^https?:\/\/bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:[/:]|$)/

/** An empty string means "not given" (`${VAR:-}`). */
function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

export function resolveBedrockOptions(input: OptionsInput<'bedrock', BedrockOptionsSchema>): BedrockOptions | undefined {
  const { raw, env, written, problem, missing } = input
  const fromUrl = REGIONAL_HOST.exec(raw.base_url ?? '')?.[1]
  const region = given(raw.region) ?? fromUrl ?? given(env.AWS_REGION) ?? given(env.AWS_DEFAULT_REGION)
  if (region === undefined) {
    problem("(kind 'bedrock') needs a region: set region, or AWS_REGION or AWS_DEFAULT_REGION in the environment")
    return undefined
  }
  const options: BedrockOptions = { region }
  for (const [key, variable, required] of CREDENTIALS) {
    const value = given(raw[key]) ?? (written(key) || written('api_key') ? undefined : given(env[variable]))
    if (value !== undefined) options[key] = value
    else if (required && !written(key) && !written('api_key')) missing(variable)
  }
  if (raw.input_type !== undefined) options.input_type = raw.input_type
  return options
}
