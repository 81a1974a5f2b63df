import type { FinishReason } from '../../canonical/chat.js'
import { asString, isObject, type JsonObject } from '../json.js'

/** What every Response the gateway writes for one request shares: its id, time, model and the request's echo. */
export interface ResponseShell {
  id: string
  /** Unix seconds. */
  createdAt: number
  model: string
  /** The request's parameters as a Response repeats them (see echoOf). */
  echo: JsonObject
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed'

export interface ResponseEnd {
  output: readonly JsonObject[]
  usage?: JsonObject | null
  error?: { code: string; message: string } | null
  incompleteReason?: 'max_output_tokens' | 'content_filter'
}

/** A Response object, in the key order OpenAI's own have (fixtures/openai-responses). */
export function responseObject(shell: ResponseShell, status: ResponseStatus, end: ResponseEnd): JsonObject {
  const e = shell.echo
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.createdAt,
    status,
    background: false,
    error: end.error ?? null,
    incomplete_details: end.incompleteReason === undefined ? null : { reason: end.incompleteReason },
    instructions: e.instructions,
    max_output_tokens: e.max_output_tokens,
    max_tool_calls: e.max_tool_calls,
    model: shell.model,
    output: [...end.output],
    parallel_tool_calls: e.parallel_tool_calls,
    previous_response_id: e.previous_response_id,
    prompt_cache_key: e.prompt_cache_key,
    reasoning: e.reasoning,
    safety_identifier: e.safety_identifier,
    service_tier: e.service_tier,
    store: e.store,
    temperature: e.temperature,
    text: e.text,
    tool_choice: e.tool_choice,
    tools: e.tools,
    top_logprobs: e.top_logprobs,
    top_p: e.top_p,
    truncation: e.truncation,
    usage: end.usage ?? null,
    user: e.user,
    metadata: e.metadata,
  }
}

/** The request's parameters as its Response repeats them, with the API's defaults for those left out. */
export function echoOf(raw: JsonObject): JsonObject {
  const reasoning = isObject(raw.reasoning) ? raw.reasoning : {}
  const text = isObject(raw.text) ? raw.text : {}
  return {
    instructions: raw.instructions ?? null,
    max_output_tokens: raw.max_output_tokens ?? null,
    max_tool_calls: raw.max_tool_calls ?? null,
    parallel_tool_calls: raw.parallel_tool_calls ?? true,
    previous_response_id: raw.previous_response_id ?? null,
    prompt_cache_key: raw.prompt_cache_key ?? null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? reasoning.generate_summary ?? null },
    safety_identifier: raw.safety_identifier ?? null,
    service_tier: asString(raw.service_tier) === undefined || raw.service_tier === 'auto' ? 'default' : raw.service_tier,
    store: raw.store ?? true,
    temperature: raw.temperature ?? 1,
    text: { format: text.format ?? { type: 'text' }, ...(text.verbosity === undefined ? {} : { verbosity: text.verbosity }) },
    tool_choice: raw.tool_choice ?? 'auto',
    tools: raw.tools ?? [],
    top_logprobs: raw.top_logprobs ?? 0,
    top_p: raw.top_p ?? 1,
    truncation: raw.truncation ?? 'disabled',
    user: raw.user ?? null,
    metadata: raw.metadata ?? {},
  }
}

/** How a canonical finish ends a Response: completed, or incomplete with its reason. */
export function endOf(finish: FinishReason): { status: 'completed' | 'incomplete'; incompleteReason?: 'max_output_tokens' | 'content_filter' } {
  switch (finish) {
    case 'length':
      return { status: 'incomplete', incompleteReason: 'max_output_tokens' }
    case 'content_filter':
      return { status: 'incomplete', incompleteReason: 'content_filter' }
    case 'stop':
    case 'tool_calls':
      return { status: 'completed' }
  }
}
