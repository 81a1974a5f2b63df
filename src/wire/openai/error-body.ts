import type { GatewayError } from '../../errors/gateway-error.js'

/** OpenAI's error shape, shared by chat, completions, embeddings, models and the Responses API. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** The OpenAI-shaped body for an error. Internal errors carry only their generic message. */
export function openAIErrorBody(e: GatewayError): OpenAIErrorBody {
  return { error: { message: e.message, type: e.type, param: e.detail.param ?? null, code: e.code } }
}

/** OpenAI's SDKs know no 529: an upstream that is overloaded reads as a 503 to them. */
export function openAIStatus(e: GatewayError): number {
  return e.kind === 'overloaded' ? 503 : e.status
}
