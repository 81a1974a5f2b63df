/**
 * The canonical chat model: what every provider adapter translates to and from.
 * Field names are ours (camelCase); the OpenAI wire names live only in the OpenAI
 * decoder/encoder, provider names only in src/providers/<kind>/.
 */
import type { GatewayError } from '../errors/gateway-error.js'

export type JsonObject = Record<string, unknown>

/**
 * A prompt-caching breakpoint the client placed on a block (Anthropic's `cache_control`). Kinds
 * that cache on their own ignore it; the gateway never adds one.
 */
export interface CacheHint {
  ttl?: '5m' | '1h'
}

/** Where a document's bytes are: inline (base64 of `mediaType`), at a URL, or plain text. */
export type DocumentSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string } | { kind: 'text'; text: string }

export type ContentPart =
  | { type: 'text'; text: string; cache?: CacheHint }
  /** `url` is either an https URL or a `data:<mime>;base64,<data>` URL. */
  | { type: 'image'; url: string; detail?: 'auto' | 'low' | 'high'; cache?: CacheHint }
  | { type: 'document'; source: DocumentSource; title?: string; filename?: string; cache?: CacheHint }

/**
 * One block of a model's reasoning. `signature` and `redacted` are opaque data the provider that
 * produced them needs back unchanged on the next turn (Anthropic's thinking signature and
 * redacted_thinking, Bedrock's reasoning signature, OpenAI's encrypted_content); `origin` names
 * that provider kind, and no adapter sends them to another kind.
 */
export interface ReasoningBlock {
  text: string
  signature?: string
  redacted?: string
  origin?: string
}

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh'

/** What the client asked of the model's reasoning; each adapter maps it to its provider's control. */
export interface ReasoningRequest {
  effort?: ReasoningEffort
  /** A token budget for thinking (Anthropic's `thinking.budget_tokens`, Gemini's `thinkingBudget`). */
  budgetTokens?: number
  /** Whether reasoning text should come back summarised (the Responses API's `reasoning.summary`). */
  summary?: 'auto' | 'concise' | 'detailed'
}

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
  | { role: 'assistant'; content: string | ContentPart[] | null; toolCalls?: ToolCall[]; name?: string; reasoning?: ReasoningBlock[] }
  | { role: 'tool'; toolCallId: string; content: string | ContentPart[]; name?: string; isError?: boolean }

export interface ToolDefinition {
  name: string
  description?: string
  /** JSON Schema of the arguments. */
  parameters?: JsonObject
  strict?: boolean
  cache?: CacheHint
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
  topK?: number
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
  reasoning?: ReasoningRequest
  /**
   * Options for one provider kind, keyed by kind (`{anthropic: {top_k: 5}}`): an adapter merges
   * its own kind's entry into the upstream request, and ignores the others.
   */
  providerOptions?: Readonly<Record<string, JsonObject>>
}

export interface Usage {
  promptTokens: number
  completionTokens: number
  totalTokens?: number
  /** Prompt tokens served from the provider's cache (included in promptTokens). */
  cachedPromptTokens?: number
  /** Prompt tokens written to the provider's cache (included in promptTokens). */
  cacheWriteTokens?: number
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
  /** Ends the current reasoning block, with the opaque data that goes back with it. */
  | { type: 'reasoning-done'; signature?: string; redacted?: string; origin?: string }
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
  reasoning?: ReasoningBlock[]
  refusal?: string
  toolCalls: ToolCall[]
  finish: FinishReason
  /** The provider's own finish/stop reason, before mapping. */
  rawFinish?: string
  usage?: Usage
}

/** What a front door's encoder puts on an answer it writes itself. */
export interface ResponseMeta {
  id: string
  /** Unix seconds. */
  created: number
  /** The model named in the answer: the upstream's own id when it reported one. */
  model: string
  /** The provider kind that produced the answer: the origin of reasoning blocks that do not name their own. */
  origin?: string
}

/** The reasoning blocks' text joined ('' when none). */
export function reasoningText(blocks: readonly ReasoningBlock[] | undefined): string {
  if (blocks === undefined) return ''
  let text = ''
  for (const b of blocks) text += b.text
  return text
}

/** Throws at compile time when a switch over a union misses a case. */
export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`)
}
