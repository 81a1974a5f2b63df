import type { ChatRequest } from '../canonical/chat.js'
import type { Config, DeploymentConfig, RouteConfig } from '../config/types.js'
import { GatewayError } from '../errors/gateway-error.js'
import type { AdapterRegistry } from '../providers/registry.js'
import type { Capabilities } from '../providers/types.js'
import { deploymentCapabilities } from './deployment-capabilities.js'

type Flag = 'streaming' | 'tools' | 'vision' | 'jsonSchema' | 'embeddings'

/** What a request needs from a deployment. */
export interface Needs {
  flags: readonly Flag[]
  /**
   * Characters of prompt text. A deployment whose context window is smaller than
   * promptChars / CHARS_PER_TOKEN_CEILING tokens cannot take the prompt whatever the tokenizer.
   */
  promptChars: number
  /** The completion size the client asked for (max_tokens), when it did. */
  maxTokens?: number
}

/**
 * Generous on purpose: English averages about 4 characters per token, so a prompt is only
 * refused here when it is clearly too long; borderline ones go upstream, which counts exactly.
 */
const CHARS_PER_TOKEN_CEILING = 8

const FLAG_INFO: Readonly<Record<Flag, { name: string; param: string; remedy: string }>> = {
  streaming: { name: 'streaming', param: 'stream', remedy: 'send `stream: false`' },
  tools: { name: 'tools', param: 'tools', remedy: 'remove `tools`' },
  vision: { name: 'vision (image input)', param: 'messages', remedy: 'remove the image parts' },
  jsonSchema: { name: 'json_schema', param: 'response_format', remedy: 'use `response_format: {"type": "json_object"}` or none' },
  embeddings: { name: 'embeddings', param: 'model', remedy: 'use an embeddings model' },
}
const FLAG_KEY: Readonly<Record<Flag, string>> = { streaming: 'streaming', tools: 'tools', vision: 'vision', jsonSchema: 'json_schema', embeddings: 'embeddings' }

/** One pass over the request: the capabilities it uses and the length of its text. */
export function chatNeeds(request: ChatRequest): Needs {
  const flags: Flag[] = []
  if (request.stream) flags.push('streaming')
  if (request.tools !== undefined && request.tools.length > 0) flags.push('tools')
  if (request.responseFormat?.type === 'json_schema') flags.push('jsonSchema')
  let promptChars = 0
  let images = false
  for (const m of request.messages) {
    if (typeof m.content === 'string') promptChars += m.content.length
    else if (m.content !== null) {
      for (const part of m.content) {
        if (part.type === 'text') promptChars += part.text.length
        else images = true
      }
    }
    if (m.role === 'assistant' && m.toolCalls !== undefined) for (const call of m.toolCalls) promptChars += call.arguments.length
  }
  if (images) flags.push('vision')
  const maxTokens = request.params.maxTokens
  return maxTokens === undefined ? { flags, promptChars } : { flags, promptChars, maxTokens }
}

export const EMBEDDINGS_NEEDS: Needs = { flags: ['embeddings'], promptChars: 0 }

type Missing = Flag | 'context' | 'output'

/** What a deployment is known to lack for the request; an unknown capability is not a lack. */
function lacks(caps: Capabilities | undefined, needs: Needs): Missing | undefined {
  // An unknown provider or kind is the executor's to report, with its own message.
  if (caps === undefined) return undefined
  for (const flag of needs.flags) if (caps[flag] === false) return flag
  if (caps.contextWindow !== undefined && needs.promptChars > caps.contextWindow * CHARS_PER_TOKEN_CEILING) return 'context'
  if (needs.maxTokens !== undefined && caps.maxOutputTokens !== undefined && needs.maxTokens > caps.maxOutputTokens) return 'output'
  return undefined
}

type Eligibility = { ok: true; route: RouteConfig } | { ok: false; missing: Flag | 'context' }

/**
 * The route limited to the deployments not known to lack what the request needs; the route
 * itself when none does (the common case: nothing allocated). A deployment whose known output
 * limit is below the request's max_tokens is only a lesser choice: skipped while another can
 * give the whole completion, kept (and the translated request clamped) when none can.
 */
export function eligibleDeployments(config: Config, adapters: AdapterRegistry, route: RouteConfig, needs: Needs): Eligibility {
  const fit: DeploymentConfig[] = []
  const short: DeploymentConfig[] = []
  let firstMissing: Flag | 'context' | undefined
  for (const d of route.deployments) {
    const missing = lacks(deploymentCapabilities(config, adapters, d), needs)
    if (missing === undefined) fit.push(d)
    else if (missing === 'output') short.push(d)
    else firstMissing ??= missing
  }
  if (fit.length === route.deployments.length) return { ok: true, route }
  if (fit.length > 0) return { ok: true, route: { ...route, deployments: fit } }
  if (short.length > 0) return { ok: true, route: short.length === route.deployments.length ? route : { ...route, deployments: short } }
  return { ok: false, missing: firstMissing ?? 'context' }
}

/**
 * The route limited to the deployments that can take the request (see eligibleDeployments).
 * When none can but a fallback route can, the route with no deployments (the attempt loop goes
 * straight to its fallbacks, narrowed the same way). When nothing can, a 400 that names the
 * capability and the model, instead of an opaque upstream error: only for a known lack, since
 * an unknown capability goes to the upstream.
 */
export function requireCapabilities(config: Config, adapters: AdapterRegistry, route: RouteConfig, needs: Needs): RouteConfig {
  const eligible = eligibleDeployments(config, adapters, route, needs)
  if (eligible.ok) return eligible.route
  if (eligible.missing === 'context') {
    // Too long here: the context-window fallbacks are the ones that may take it.
    const longer = route.contextWindowFallbacks.map((n) => config.routes.get(n)).find((r) => r !== undefined && eligibleDeployments(config, adapters, r, needs).ok)
    if (longer !== undefined) return { ...route, deployments: [], fallbacks: route.contextWindowFallbacks }
  }
  for (const name of [...route.fallbacks, ...config.server.fallbacks]) {
    const fallback = config.routes.get(name)
    if (fallback !== undefined && fallback !== route && eligibleDeployments(config, adapters, fallback, needs).ok) return { ...route, deployments: [] }
  }
  throw capabilityError(route, needs, eligible.missing)
}

function capabilityError(route: RouteConfig, needs: Needs, firstMissing: Flag | 'context'): GatewayError {
  const targets = route.deployments.map((d) => d.target).join(', ')
  if (firstMissing === 'context') {
    return new GatewayError(
      'context_length',
      `The prompt (about ${Math.ceil(needs.promptChars / 4)} tokens) is longer than the context window of every deployment of the model '${route.name}' (${targets}). Shorten the messages or use a model with a larger context window.`,
      { param: 'messages' },
    )
  }
  const info = FLAG_INFO[firstMissing]
  return new GatewayError(
    'invalid_request',
    `The model '${route.name}' does not support ${info.name}: none of its deployments (${targets}) has it. ${capitalise(info.remedy)}, or choose a model that supports it. If a deployment does support it, set \`capabilities: { ${FLAG_KEY[firstMissing]}: true }\` for it in routes.yaml.`,
    { param: info.param, code: 'unsupported_capability' },
  )
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
