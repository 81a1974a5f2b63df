import { reasoningText, type ChatResult, type ResponseMeta } from '../../canonical/chat.js'
import { toOpenAIUsage, type OpenAIUsage } from '../openai/usage.js'
import { reasoningDetails, type ReasoningDetail } from './reasoning-details.js'

export type { ResponseMeta }

interface OpenAIMessage {
  role: 'assistant'
  content: string | null
  refusal: string | null
  reasoning_content?: string
  /** The blocks with their signatures, for a tool loop that sends them back (reasoning-details.ts). */
  reasoning_details?: ReasoningDetail[]
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[]
}

export interface OpenAIChatCompletion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: { index: number; message: OpenAIMessage; logprobs: null; finish_reason: string }[]
  usage?: OpenAIUsage
}

/** A canonical result as OpenAI's non-streaming `chat.completion` object. */
export function encodeChatCompletion(result: ChatResult, meta: ResponseMeta): OpenAIChatCompletion {
  const message: OpenAIMessage = { role: 'assistant', content: result.text, refusal: result.refusal ?? null }
  // Reasoning stays out of `content`; `reasoning_content` is the field DeepSeek, vLLM and LiteLLM clients read.
  const reasoning = reasoningText(result.reasoning)
  if (reasoning !== '') message.reasoning_content = reasoning
  const details = reasoningDetails(result.reasoning, meta.origin)
  if (details !== undefined) message.reasoning_details = details
  if (result.toolCalls.length > 0) {
    message.tool_calls = result.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }))
  }
  const body: OpenAIChatCompletion = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: result.finish }],
  }
  if (result.usage !== undefined) body.usage = toOpenAIUsage(result.usage)
  return body
}
