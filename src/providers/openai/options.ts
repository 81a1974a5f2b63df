/** What the openai adapter reads from routes.yaml. */
import type { OptionsInput } from '../provider-module.js'
import type { OpenAIOptionsSchema } from './options-schema.js'

export type OpenAIOptions = { responses_api: boolean; responses_store: boolean }

export function resolveOpenAIOptions({ raw }: OptionsInput<'openai', OpenAIOptionsSchema>): OpenAIOptions {
  return { responses_api: raw.responses_api === true, responses_store: raw.responses_store === true }
}
