import { assertNever, type ChatEvent, type ResponseMeta, type Usage } from '../../canonical/chat.js'
import { toOpenAIUsage } from '../openai/usage.js'
import { reasoningDetail } from './reasoning-details.js'

/**
 * Canonical events → OpenAI `chat.completion.chunk` SSE lines. One encoder per response;
 * its state (whether the role chunk went out, the held usage) lives in this closure.
 * The prefix of every chunk is serialised once, so a text delta costs one JSON.stringify of
 * the delta text only.
 */
export interface ChunkEncoder {
  /** SSE text to write for this event ('' when it produces nothing). Errors are not encoded here. */
  encode(event: Exclude<ChatEvent, { type: 'error' }>): string
  /** The closing lines: the usage chunk when asked for, then `data: [DONE]`. */
  end(): string
  /** The usage seen so far, for metrics. */
  usage(): Usage | undefined
}

export function createChunkEncoder(meta: ResponseMeta, includeUsage: boolean): ChunkEncoder {
  let model = meta.model
  let prefix = ''
  let started = false
  let usage: Usage | undefined
  // The current reasoning block's text and the blocks done: a signed block goes out whole when it ends.
  let reasoning = ''
  let reasoningIndex = 0
  const makePrefix = () =>
    `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(model)},"choices":`
  const choice = (delta: string, finish: string | null) =>
    `${prefix}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]}\n\n`
  // The role chunk opens every answer, as OpenAI's own streams do.
  const open = (): string => {
    if (started) return ''
    started = true
    prefix = makePrefix()
    return choice('{"role":"assistant","content":""}', null)
  }

  return {
    encode(event) {
      switch (event.type) {
        case 'start':
          if (!started && event.upstreamModel !== undefined) model = event.upstreamModel
          return open()
        case 'text':
          if (event.delta === '') return open()
          return open() + choice(`{"content":${JSON.stringify(event.delta)}}`, null)
        case 'reasoning':
          reasoning += event.delta
          return open() + choice(`{"reasoning_content":${JSON.stringify(event.delta)}}`, null)
        case 'reasoning-done': {
          const block = { text: reasoning, signature: event.signature, redacted: event.redacted, origin: event.origin }
          reasoning = ''
          const index = reasoningIndex++
          // Unsigned text is all in reasoning_content already; a signature or redacted data is what a tool loop needs back.
          if (event.signature === undefined && event.redacted === undefined) return ''
          const detail = reasoningDetail(block, index, meta.origin)
          return open() + choice(`{"reasoning_details":[${JSON.stringify(detail)}]}`, null)
        }
        case 'refusal':
          return open() + choice(`{"refusal":${JSON.stringify(event.delta)}}`, null)
        case 'tool-call-start':
          return (
            open() +
            choice(
              `{"tool_calls":[{"index":${event.index},"id":${JSON.stringify(event.id)},"type":"function","function":{"name":${JSON.stringify(event.name)},"arguments":""}}]}`,
              null,
            )
          )
        case 'tool-call-delta':
          return open() + choice(`{"tool_calls":[{"index":${event.index},"function":{"arguments":${JSON.stringify(event.argsDelta)}}}]}`, null)
        case 'usage':
          usage = event.usage
          return ''
        case 'finish':
          return open() + choice('{}', event.reason)
        default:
          return assertNever(event)
      }
    },
    end() {
      let out = open()
      if (includeUsage && usage !== undefined) {
        out += `${prefix}[],"usage":${JSON.stringify(toOpenAIUsage(usage))}}\n\n`
      }
      return out + 'data: [DONE]\n\n'
    },
    usage: () => usage,
  }
}
