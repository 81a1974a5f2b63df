import { assertNever, type ChatResult, type JsonObject, type ResponseMeta, type Usage } from '../../canonical/chat.js'
import type { EventEncoder } from '../../streaming/encode-canonical-stream.js'
import { toOpenAIUsage } from '../openai/usage.js'

/** A chat result as a legacy `text_completion` object. */
export function encodeTextCompletion(result: ChatResult, meta: ResponseMeta): JsonObject {
  const body: JsonObject = {
    id: meta.id.replace(/^chatcmpl-/, 'cmpl-'),
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ text: result.text ?? '', index: 0, logprobs: null, finish_reason: result.finish === 'tool_calls' ? 'stop' : result.finish }],
  }
  if (result.usage !== undefined) body.usage = toOpenAIUsage(result.usage)
  return body
}

/** Canonical events as legacy completion chunks (`finish_reason` rides on its own chunk). */
export function createCompletionChunkEncoder(meta: ResponseMeta, includeUsage: boolean): EventEncoder {
  let model = meta.model
  let usage: Usage | undefined
  const id = JSON.stringify(meta.id.replace(/^chatcmpl-/, 'cmpl-'))
  const chunk = (text: string, finish: string | null) =>
    `data: {"id":${id},"object":"text_completion","created":${meta.created},"model":${JSON.stringify(model)},"choices":[{"text":${JSON.stringify(text)},"index":0,"logprobs":null,"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]}\n\n`
  return {
    encode(event) {
      switch (event.type) {
        case 'start':
          if (event.upstreamModel !== undefined) model = event.upstreamModel
          return ''
        case 'text':
          return event.delta === '' ? '' : chunk(event.delta, null)
        case 'reasoning':
        case 'reasoning-done':
        case 'refusal':
        case 'tool-call-start':
        case 'tool-call-delta':
          return ''
        case 'usage':
          usage = event.usage
          return ''
        case 'finish':
          return chunk('', event.reason === 'tool_calls' ? 'stop' : event.reason)
        default:
          return assertNever(event)
      }
    },
    end() {
      const usageLine =
        includeUsage && usage !== undefined
          ? `data: {"id":${id},"object":"text_completion","created":${meta.created},"model":${JSON.stringify(model)},"choices":[],"usage":${JSON.stringify(toOpenAIUsage(usage))}}\n\n`
          : ''
      return usageLine + 'data: [DONE]\n\n'
    },
  }
}
