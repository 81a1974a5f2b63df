/**
 * `provider_options.gemini` on a request, and `params:` on a gemini deployment: generateContent
 * fields outside the common subset, by their own names (ai.google.dev/api/generate-content):
 * objects such as `generationConfig` are merged into the translated ones, arrays such as
 * `tools` (grounding: `{googleSearch: {}}`, `{urlContext: {}}`, `{codeExecution: {}}`) appended.
 */
import Type from 'typebox'
import { closed } from '../../schema/builders.js'

const Object_ = (description: string) => Type.Record(Type.String(), Type.Unknown(), { description })

export const geminiRequestOptionsSchema = closed(
  {
    safetySettings: Type.Optional(
      Type.Array(
        closed({
          category: Type.String({ description: 'A HarmCategory, e.g. HARM_CATEGORY_HATE_SPEECH.', pattern: '^HARM_CATEGORY_' }),
          threshold: Type.Enum(['HARM_BLOCK_THRESHOLD_UNSPECIFIED', 'BLOCK_LOW_AND_ABOVE', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_ONLY_HIGH', 'BLOCK_NONE', 'OFF']),
        }),
        { description: 'Safety filter thresholds per harm category.' },
      ),
    ),
    tools: Type.Optional(Type.Array(Object_('A Gemini tool: {googleSearch: {}}, {urlContext: {}}, {codeExecution: {}}.'), { description: 'Built-in tools, appended to the translated function declarations.' })),
    toolConfig: Type.Optional(Object_('Function-calling and retrieval configuration.')),
    generationConfig: Type.Optional(Object_('Merged into the translated generationConfig (e.g. responseModalities, mediaResolution).')),
    cachedContent: Type.Optional(Type.String({ description: 'A cached content name, cachedContents/…' })),
    labels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Billing labels (Vertex AI).' })),
  },
  { description: 'Gemini generateContent fields, merged into the upstream body.' },
)
