/** openai's own keys of `providers.<name>` (build time only). */
import Type from 'typebox'

export const openaiOptionsSchema = Type.Object({
  responses_api: Type.Optional(
    Type.Boolean({
      description:
        'the upstream serves the Responses API (/responses) itself (OpenAI, Azure\'s v1 API, vLLM, llama.cpp): requests to /v1/responses pass through with only the model replaced. Default false: they are translated to chat completions.',
    }),
  ),
  responses_store: Type.Optional(
    Type.Boolean({
      description:
        'with responses_api: the upstream keeps the responses it answers (OpenAI, Azure), so a continuation of one of its responses (previous_response_id) is forwarded to it. Default false: the gateway sends the stored conversation itself.',
    }),
  ),
})

export type OpenAIOptionsSchema = typeof openaiOptionsSchema
