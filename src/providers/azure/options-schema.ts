/** azure's own keys of `providers.<name>` (build time only). */
import Type from 'typebox'

export const azureOptionsSchema = Type.Object({
  api_version: Type.String({ description: 'the api-version query parameter, e.g. 2024-10-21.', minLength: 1 }),
})

export type AzureOptionsSchema = typeof azureOptionsSchema
