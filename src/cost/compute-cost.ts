import type { Usage } from '../canonical/chat.js'
import type { Price } from '../config/types.js'

/**
 * USD for one answer. `promptTokens` includes the cached ones (the canonical usage follows
 * OpenAI there), so cached tokens are billed at the cached price and only the rest at input.
 */
export function computeCostUsd(price: Price, usage: Usage): number {
  const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens)
  return ((usage.promptTokens - cached) * price.input + cached * price.cachedInput + usage.completionTokens * price.output) / 1_000_000
}
