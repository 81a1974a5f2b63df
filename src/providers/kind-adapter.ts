/**
 * A kind's adapter, written against its own options (`ProviderAdapter<'bedrock'>`), as the
 * plain `ProviderAdapter` the registry hands the executor. The executor calls a kind's adapter
 * only with a provider of that kind, whose options that kind's module resolved: the one check
 * here makes that explicit instead of each adapter re-reading untyped options.
 */
import { GatewayError } from '../errors/gateway-error.js'
import type { ProviderKind } from './registry.js'
import type { CallContext, ProviderAdapter } from './types.js'

function isContextOf<K extends ProviderKind>(ctx: CallContext, kind: K): ctx is CallContext<K> {
  return ctx.provider.kind === kind
}

export function kindAdapter<K extends ProviderKind>(kind: K, typed: ProviderAdapter<K>): ProviderAdapter {
  const narrow = (ctx: CallContext): CallContext<K> => {
    if (isContextOf(ctx, kind)) return ctx
    throw new GatewayError('internal', `The ${kind} adapter was called for provider '${ctx.provider.name}' of kind ${ctx.provider.kind}.`)
  }
  const { embeddings, completionsUrl } = typed
  const adapter: ProviderAdapter = {
    kind,
    speaksOpenAI: typed.speaksOpenAI,
    capabilities: typed.capabilities,
    buildRequest: (req, ctx) => typed.buildRequest(req, narrow(ctx)),
    parseResponse: typed.parseResponse,
    parseStream: typed.parseStream,
    parseError: typed.parseError,
  }
  if (embeddings !== undefined) {
    adapter.embeddings = {
      buildEmbeddingsRequest: (req, ctx) => embeddings.buildEmbeddingsRequest(req, narrow(ctx)),
      parseEmbeddings: embeddings.parseEmbeddings,
    }
  }
  if (completionsUrl !== undefined) adapter.completionsUrl = (ctx) => completionsUrl(narrow(ctx))
  return adapter
}
