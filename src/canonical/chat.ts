/**
 * The canonical chat model: what every provider adapter translates to and from.
 * Field names are ours (camelCase); the OpenAI wire names live only in the OpenAI
 * decoder/encoder, provider names only in src/providers/<kind>/.
 */
import type { GatewayError } from '../errors/gateway-error.js'

export type JsonObject = Record<string, unknown>

export type ContentPart =
  | { type: 'text'; text: string }
  /** `url` is either an https URL or a `data:<mime>;base64,<data>` URL. */
  | { type: 'image'; url: string; detail?: 'auto' | 'low' | 'high' }

export interface ToolCall {
  id: string
  name: string
  /** JSON text, exactly as the model produced it. */
  arguments: string
  /** Opaque provider data that must go back unchanged next turn (Gemini's thoughtSignature). */
  providerMetadata?: JsonObject
}

export type ChatMessage =
  | { role: 'system' | 'developer'; content: string | ContentPart[]; name?: string }
  | { role: 'user'; content: string | ContentPart[]; name?: string }
  | { role: 'assistant'; content: string | ContentPart[] | null; toolCalls?: ToolCall[]; name?: string; reasoning?: string }
  | { role: 'tool'; toolCallId: string; content: string | ContentPart[]; name?: string }

export interface ToolDefinition {
  name: string
  description?: string
  /** JSON Schema of the arguments. */
  parameters?: JsonObject
  strict?: boolean
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string }

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonObject; strict?: boolean; description?: string }

export interface SamplingParams {
  temperature?: number
  topP?: number
  /** max_tokens or max_completion_tokens, whichever the client sent. */
  maxTokens?: number
  stop?: string[]
  seed?: number
  user?: string
  n?: number
  presencePenalty?: number
  frequencyPenalty?: number
  logitBias?: Record<string, number>
  logprobs?: boolean
  topLogprobs?: number
  reasoningEffort?: string
}

export interface ChatRequest {
  /** The upstream model id (set by routing, e.g. `llama-3.1-8b-instant`). */
  model: string
  messages: ChatMessage[]
  stream: boolean
  /** The client asked for `stream_options.include_usage`. */
  includeUsage: boolean
  params: SamplingParams
  tools?: ToolDefinition[]
  toolChoice?: ToolChoice
  parallelToolCalls?: boolean
  responseFormat?: ResponseFormat
  /**
   * The client's body exactly as parsed. OpenAI-compatible upstreams get it back with only
   * `model` and `stream_options` changed, so parameters we do not model still pass through.
   */
  raw: JsonObject
}

export interface Usage {
  promptTokens: number
  completionTokens: number
  totalTokens?: number
  /** Prompt tokens served from the provider's cache. */
  cachedPromptTokens?: number
  /** Completion tokens spent on reasoning (already included in completionTokens). */
  reasoningTokens?: number
  /**
   * Counters the upstream reported that are not plausible token counts (`field=value`, see
   * token-count.ts): dropped, as if absent; the caller logs them.
   */
  implausible?: string[]
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter'

/** One event of a canonical stream. Switch over it exhaustively. */
export type ChatEvent =
  | { type: 'start'; id?: string; upstreamModel?: string }
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | { type: 'refusal'; delta: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string; providerMetadata?: JsonObject }
  | { type: 'tool-call-delta'; index: number; argsDelta: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason; raw?: string }
  | { type: 'error'; error: GatewayError }

/** The non-streaming twin of a ChatEvent stream. */
export interface ChatResult {
  id?: string
  upstreamModel?: string
  text: string | null
  reasoning?: string
  refusal?: string
  toolCalls: ToolCall[]
  finish: FinishReason
  /** The provider's own finish/stop reason, before mapping. */
  rawFinish?: string
  usage?: Usage
}

/** Throws at compile time when a switch over a union misses a case. */
export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`)
}
