/** gemini's own keys of `providers.<name>` (build time only). */
import Type from 'typebox'

export const geminiOptionsSchema = Type.Object({
  include_thoughts: Type.Optional(
    Type.Boolean({ description: 'ask thinking models for thought summaries, returned as reasoning (`reasoning_content` in chat answers) (default false).' }),
  ),
})

export type GeminiOptionsSchema = typeof geminiOptionsSchema
