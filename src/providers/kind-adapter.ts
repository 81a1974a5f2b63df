/**
 * A kind's adapter, written against its own options (`ProviderAdapter<'bedrock'>`), as the
 * plain `ProviderAdapter` the registry hands the executor. The executor calls a kind's adapter
 * only with a provider of that kind, whose options that kind's module resolved: the one check
 * here makes that explicit instead of each adapter re-reading untyped options.
 */
import { GatewayError } from '../errors/gateway-error.js'
import type { ProviderKind } from './registry.js'
import type { ProviderConfig } from '../config/types.js'
import type { CallContext, ProviderAdapter } from './types.js'

function isContextOf<K extends ProviderKind>(ctx: CallContext, kind: K): ctx is CallContext<K> {
  return ctx.provider.kind === kind
}

function isProviderOf<K extends ProviderKind>(provider: ProviderConfig, kind: K): provider is ProviderConfig<K> {
  return provider.kind === kind
}

export function kindAdapter<K extends ProviderKind>(kind: K, typed: ProviderAdapter<K>): ProviderAdapter {
  const narrow = (ctx: CallContext): CallContext<K> => {
    if (isContextOf(ctx, kind)) return ctx
    throw new GatewayError('internal', `The ${kind} adapter was called for provider '${ctx.provider.name}' of kind ${ctx.provider.kind}.`)
  }
  const { embeddings, passthrough, countTokens } = typed
  const adapter: ProviderAdapter = {
    kind,
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
  if (countTokens !== undefined) {
    adapter.countTokens = { buildCountRequest: (req, ctx) => countTokens.buildCountRequest(req, narrow(ctx)), parseCount: countTokens.parseCount }
  }
  if (passthrough !== undefined) {
    adapter.passthrough = {
      // A provider of another kind speaks none of this kind's protocols.
      speaks: (protocol, provider) => isProviderOf(provider, kind) && passthrough.speaks(protocol, provider),
      request: (req, ctx) => passthrough.request(req, narrow(ctx)),
      streamError: passthrough.streamError,
      ...(passthrough.keepsState === undefined ? {} : { keepsState: passthrough.keepsState }),
    }
  }
  return adapter
}
