/**
 * `provider_options.openai` (and `.azure`) on a request, and `params:` on an openai deployment:
 * Chat Completions fields outside the common subset, by their own names, merged into the body
 * (platform.openai.com/docs/api-reference/chat/create). Build time only, like every schema.
 */
import Type from 'typebox'
import { closed } from '../../schema/builders.js'

export const openaiRequestOptionsSchema = closed(
  {
    service_tier: Type.Optional(Type.Enum(['auto', 'default', 'flex', 'scale', 'priority'], { description: 'Processing tier (flex: cheaper and slower; priority: faster).' })),
    store: Type.Optional(Type.Boolean({ description: "Keep the completion in OpenAI's stored completions." })),
    metadata: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Up to 16 key/value pairs stored with the completion.' })),
    prediction: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Predicted output ({type: "content", content}) to speed up regeneration.' })),
    verbosity: Type.Optional(Type.Enum(['low', 'medium', 'high'], { description: 'How long the answer should be (GPT-5 family).' })),
    web_search_options: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Web search for the search-preview models.' })),
    prompt_cache_key: Type.Optional(Type.String({ description: 'Groups requests for prompt caching.' })),
    safety_identifier: Type.Optional(Type.String({ description: 'A stable id of the end user for abuse detection.' })),
  },
  { description: 'OpenAI Chat Completions fields, merged into the upstream body.' },
)
