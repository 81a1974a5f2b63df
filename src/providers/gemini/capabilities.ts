/**
 * Default capabilities of a Gemini model (routes.yaml may override them).
 *
 * Token limits, from Google's model pages: 1,048,576 input tokens for the 1.5 Flash, 2.0,
 * 2.5 and 3 families, 2,097,152 for gemini-1.5-pro; output 8,192 for 1.5/2.0 and 65,536 for
 * the thinking models, 2.5 and 3 (ai.google.dev/gemini-api/docs/models/gemini-2.0-flash:
 * "Input token limit 1,048,576 / Output token limit 8,192"; Gemini 2.5 Pro model card:
 * "Maximum input tokens: 1,048,576", output 65,535/65,536).
 * Embedding models (`text-embedding-*`, `gemini-embedding-*`, `embedding-*`) only embed.
 * Any other name (a Gemma, a tuned model) is unknown for images and embeddings: the upstream decides.
 */
import type { Capabilities } from '../types.js'
import { modelPath } from './build-request.js'

export function geminiCapabilities(model: string): Capabilities {
  const id = modelPath(model)
  if (/^(text-embedding|gemini-embedding|embedding)-/.test(id)) {
    return { streaming: false, tools: false, vision: false, jsonSchema: false, embeddings: true }
  }
  const gemini = id.startsWith('gemini-')
  const caps: Capabilities = { streaming: true, tools: true, vision: gemini ? true : undefined, jsonSchema: true, embeddings: gemini ? false : undefined }
  if (/^gemini-1\.5-pro/.test(id)) {
    caps.contextWindow = 2_097_152
    caps.maxOutputTokens = 8192
  } else if (/^gemini-(1\.5|2\.0)/.test(id)) {
    caps.contextWindow = 1_048_576
    caps.maxOutputTokens = 8192
  } else if (/^gemini-(2\.5|3)/.test(id)) {
    caps.contextWindow = 1_048_576
    caps.maxOutputTokens = 65_536
  }
  return caps
}
