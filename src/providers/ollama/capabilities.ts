import type { Capabilities } from '../types.js'

/**
 * Ollama serves whatever model was pulled: tools, images and `format` (JSON or a JSON schema)
 * all exist in /api/chat and every model can be asked to embed (ollama/ollama docs/api.md), but
 * whether this model reads images or calls tools is unknown here; the server answers a model
 * that lacks one with a 400 naming it. The context window is the server's `num_ctx`, which we
 * cannot know either; routes.yaml can state all of it per model.
 */
export function ollamaCapabilities(_model: string): Capabilities {
  return { streaming: true, tools: undefined, vision: undefined, jsonSchema: true, embeddings: undefined }
}
