/**
 * Default capabilities of a Bedrock model (routes.yaml may override them). Model ids come bare
 * (`anthropic.claude-3-haiku-20240307-v1:0`), with a cross-region prefix (`us.amazon.nova-…`)
 * or as ARNs, so families are recognised by substring.
 *
 * Converse offers tools and streaming for the chat models. Images: Claude 3+ and Amazon Nova
 * Lite/Pro/Premier read them; Nova Micro is text-only. Structured output (outputConfig) is
 * implemented but available on only some models, so `jsonSchema` defaults to false.
 * Context windows differ per model and are left unknown, and so is image input for models we
 * cannot place (Llama 3.2 Vision, Pixtral, a custom model ARN): Converse refuses it if need be.
 * Embeddings are a known no outside Titan and Cohere: those are the only bodies the adapter builds.
 */
import type { Capabilities } from '../types.js'

export function bedrockCapabilities(model: string): Capabilities {
  if (model.includes('amazon.titan-embed') || model.includes('cohere.embed')) {
    return { streaming: false, tools: false, vision: false, jsonSchema: false, embeddings: true }
  }
  const vision = model.includes('anthropic.claude') || /amazon\.nova-(?:\d+-)?(?:lite|pro|premier)/.test(model) ? true : model.includes('amazon.nova') ? false : undefined
  return { streaming: true, tools: true, vision, jsonSchema: false, embeddings: false }
}
