/** What the azure adapter reads from routes.yaml. */
import type { OptionsInput } from '../provider-module.js'
import type { AzureOptionsSchema } from './options-schema.js'

export type AzureOptions = { api_version: string }

export function resolveAzureOptions({ raw, problem }: OptionsInput<'azure', AzureOptionsSchema>): AzureOptions | undefined {
  // The schema requires it; `${VAR:-}` may still expand to nothing.
  if (raw.api_version === '') {
    problem('is empty', 'api_version')
    return undefined
  }
  return { api_version: raw.api_version }
}
