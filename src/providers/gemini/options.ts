/** What the gemini adapter reads from routes.yaml. */
import type { OptionsInput } from '../provider-module.js'
import type { GeminiOptionsSchema } from './options-schema.js'

export type GeminiOptions = { include_thoughts?: boolean }

export function resolveGeminiOptions({ raw }: OptionsInput<'gemini', GeminiOptionsSchema>): GeminiOptions {
  return raw.include_thoughts === undefined ? {} : { include_thoughts: raw.include_thoughts }
}
