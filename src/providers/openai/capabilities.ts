import type { Capabilities } from '../types.js'

/**
 * Known limits, matched against the model id without any `vendor/` prefix (OpenRouter ids)
 * and with an optional `-YYYY-MM-DD` snapshot suffix. First match wins. Sources:
 * - OpenAI model pages, platform.openai.com/docs/models/<id> (also listed on
 *   vercel.com/ai-gateway/models/<id>): gpt-4o / gpt-4o-mini 128,000 in / 16,384 out;
 *   gpt-4.1 family 1,047,576 / 32,768; gpt-5 family 400,000 / 128,000; o1, o3, o3-mini,
 *   o4-mini 200,000 / 100,000; gpt-4-turbo 128,000 / 4,096; gpt-3.5-turbo 16,385 / 4,096;
 *   text-embedding-3-* and ada-002 take 8,191 input tokens.
 * - Groq, console.groq.com/docs/models: llama-3.1-8b-instant 131,072 / 131,072,
 *   llama-3.3-70b-versatile 131,072 / 32,768.
 * - DeepSeek, api-docs.deepseek.com/quick_start/pricing: deepseek-chat and deepseek-reasoner 128K.
 */
const LIMITS: readonly { pattern: RegExp; contextWindow: number; maxOutputTokens?: number }[] = [
  { pattern: /^gpt-4o-mini$/, contextWindow: 128000, maxOutputTokens: 16384 },
  { pattern: /^(gpt-4o|chatgpt-4o-latest)$/, contextWindow: 128000, maxOutputTokens: 16384 },
  { pattern: /^gpt-4\.1(-mini|-nano)?$/, contextWindow: 1047576, maxOutputTokens: 32768 },
  { pattern: /^gpt-5-chat-latest$/, contextWindow: 128000, maxOutputTokens: 16384 },
  { pattern: /^gpt-5(-mini|-nano)?$/, contextWindow: 400000, maxOutputTokens: 128000 },
  { pattern: /^(o1|o3|o3-mini|o4-mini)$/, contextWindow: 200000, maxOutputTokens: 100000 },
  { pattern: /^gpt-4-turbo(-preview)?$/, contextWindow: 128000, maxOutputTokens: 4096 },
  { pattern: /^gpt-3\.5-turbo$/, contextWindow: 16385, maxOutputTokens: 4096 },
  { pattern: /^(text-embedding-3-(small|large)|text-embedding-ada-002)$/, contextWindow: 8191 },
  { pattern: /^llama-3\.1-8b-instant$/, contextWindow: 131072, maxOutputTokens: 131072 },
  { pattern: /^llama-3\.3-70b-versatile$/, contextWindow: 131072, maxOutputTokens: 32768 },
  { pattern: /^deepseek-(chat|reasoner)$/, contextWindow: 128000 },
]

const EMBEDDING = /embed|^(bge|gte|e5)-/
/** Image input: OpenAI's multimodal families, and open models whose names say so. */
const VISION = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-4-turbo|o1$|o1-20|o3$|o3-20|o3-pro|o4-mini)|vision|llava|pixtral|[-_]vl\b|-vl-|gemma-?3|llama-4/
/** Chat models whose whole feature set we know: OpenAI's own families, and the table above. */
const KNOWN_CHAT = /^(gpt-|chatgpt-|o\d)/

/**
 * Defaults for a model of the OpenAI-compatible family; routes.yaml overrides them. This kind
 * fronts any server (vLLM, llama.cpp, OpenRouter, Groq) under any name, so a name we cannot
 * place is unknown, not a no: image input and embeddings to it go upstream, which decides.
 * Tools, JSON schema and streaming are part of the protocol every such server speaks.
 */
export function openaiCapabilities(model: string): Capabilities {
  const id = baseId(model)
  const limits = LIMITS.find((l) => l.pattern.test(id))
  const known = limits === undefined ? {} : { contextWindow: limits.contextWindow, ...(limits.maxOutputTokens === undefined ? {} : { maxOutputTokens: limits.maxOutputTokens }) }
  if (EMBEDDING.test(id)) {
    return { streaming: false, tools: false, vision: false, jsonSchema: false, embeddings: true, ...known }
  }
  const vision = VISION.test(id) ? true : limits !== undefined || KNOWN_CHAT.test(id) ? false : undefined
  const embeddings = limits !== undefined || vision !== undefined ? false : undefined
  return { streaming: true, tools: true, vision, jsonSchema: true, embeddings, ...known }
}

/** `openai/gpt-4o-2024-08-06` → `gpt-4o`. */
function baseId(model: string): string {
  const last = model.slice(model.lastIndexOf('/') + 1).toLowerCase()
  return last.replace(/-\d{4}-\d{2}-\d{2}$/, '')
}
