import { asNumber, asObject } from '../json.js'

/** The count in a count_tokens answer (`{"input_tokens": N}`, fixtures/anthropic-messages/count-tokens-response*.json). */
export function passthroughCount(json: unknown): number | undefined {
  return asNumber(asObject(json)?.input_tokens)
}
