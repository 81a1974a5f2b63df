import type { Capabilities } from '../types.js'

/**
 * Ollama serves whatever model was pulled, so the defaults are permissive: tools, images and
 * `format` (JSON or a JSON schema) all exist in /api/chat (ollama/ollama docs/api.md); a model
 * that lacks one answers with a 400 naming it. The context window is the server's `num_ctx`,
 * which we cannot know here; routes.yaml can state it per model.
 */
export function ollamaCapabilities(_model: string): Capabilities {
  return { streaming: true, tools: true, vision: true, jsonSchema: true, embeddings: true }
}
