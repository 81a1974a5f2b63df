import type { FinishReason, ToolCall, Usage } from '../../canonical/chat.js'
// The only imports of the gateway's OpenAI encoders: the rest of the fake takes ResponseMeta from here.
import { encodeChatCompletion, type ResponseMeta } from '../../wire/openai-chat/encode-result.js'
import { toOpenAIUsage } from '../../wire/openai/usage.js'
import type { TokenLogprob } from './logprobs.js'
import type { Token } from './sources.js'

export type { ResponseMeta }

/**
 * The fake's answers in OpenAI's wire format, several choices each with its own index
 * (fixtures/openai/chat-stream-n3-choices.sse), tool calls opened with id and name and then
 * their argument fragments (chat-stream-parallel-tool-calls.sse), log probabilities in
 * `choices[].logprobs` (chat-stream-logprobs.sse). The chunk prefix is serialised once.
 */
export interface StreamWriter {
  /** The role chunk that opens a choice: `content: ""` for text, `null` for tool calls. */
  open(choice: number, forCalls: boolean): string
  token(choice: number, token: Token, logprob: TokenLogprob | undefined): string
  finish(choice: number, reason: FinishReason): string
  /** The usage chunk (`choices: []`), then `[DONE]`. */
  end(usage: Usage): string
}

export function createStreamWriter(meta: ResponseMeta, logprobs: boolean): StreamWriter {
  const prefix = `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"choices":`
  const line = (choice: number, delta: string, lp: string, finish: FinishReason | null) =>
    `${prefix}[{"index":${choice},"delta":${delta},"logprobs":${lp},"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]}\n\n`
  const noLogprobs = 'null'
  return {
    open: (choice, forCalls) => line(choice, `{"role":"assistant","content":${forCalls ? 'null' : '""'}}`, logprobs ? '{"content":[],"refusal":null}' : noLogprobs, null),
    token(choice, token, logprob) {
      if (token.kind === 'content') {
        const lp = logprob === undefined ? noLogprobs : `{"content":[${JSON.stringify(logprob)}],"refusal":null}`
        return line(choice, `{"content":${JSON.stringify(token.text)}}`, lp, null)
      }
      let out = ''
      if (token.opens !== undefined) {
        const { id, name } = token.opens
        out += line(choice, `{"tool_calls":[{"index":${token.call},"id":${JSON.stringify(id)},"type":"function","function":{"name":${JSON.stringify(name)},"arguments":""}}]}`, noLogprobs, null)
      }
      if (token.text !== '') out += line(choice, `{"tool_calls":[{"index":${token.call},"function":{"arguments":${JSON.stringify(token.text)}}}]}`, noLogprobs, null)
      return out
    },
    finish: (choice, reason) => line(choice, '{}', noLogprobs, reason),
    end: (usage) => `${prefix}[],"usage":${JSON.stringify(toOpenAIUsage(usage))}}\n\ndata: [DONE]\n\n`,
  }
}

/** One choice of a non-streaming answer, gathered. */
export interface ChoiceAnswer {
  text: string | null
  toolCalls: ToolCall[]
  finish: FinishReason
  /** Present when the client asked for logprobs. */
  logprobs?: TokenLogprob[]
}

/** A `chat.completion` with every choice, its message shaped as the gateway's own encoder shapes one. */
export function completionBody(meta: ResponseMeta, choices: readonly ChoiceAnswer[], usage: Usage): string {
  const body = encodeChatCompletion({ text: null, toolCalls: [], finish: 'stop', usage }, meta)
  return JSON.stringify({
    ...body,
    choices: choices.map((c, index) => ({
      ...encodeChatCompletion({ text: c.text, toolCalls: c.toolCalls, finish: c.finish }, meta).choices[0],
      index,
      logprobs: c.logprobs === undefined ? null : { content: c.logprobs, refusal: null },
    })),
  })
}
