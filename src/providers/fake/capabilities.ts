import type { Capabilities } from '../types.js'
import type { CallContext } from '../types.js'

/** The longest answer the fake writes, as gpt-4o's limit; routes.yaml `capabilities.max_output_tokens` on the provider changes it. */
export const FAKE_MAX_OUTPUT_TOKENS = 16384

/**
 * What the fake does, and so what /v1/models says of it: streams; calls tools and answers
 * structured outputs with values its JSON Schema generator makes; accepts images (it cannot see
 * them: each reads as `[image]`); embeddings; a 131072-token context, and at most
 * FAKE_MAX_OUTPUT_TOKENS tokens out (more is refused with a 400 naming max_tokens).
 */
export const FAKE_CAPABILITIES: Readonly<Capabilities> = {
  streaming: true,
  tools: true,
  vision: true,
  jsonSchema: true,
  embeddings: true,
  contextWindow: 131072,
  maxOutputTokens: FAKE_MAX_OUTPUT_TOKENS,
}

/** The output cap in force for a call: the provider's configured max_output_tokens, else the fake's own. */
export function maxOutputTokens(ctx: CallContext): number {
  return ctx.provider.capabilities?.maxOutputTokens ?? FAKE_MAX_OUTPUT_TOKENS
}
