/**
 * The provider adapter contract. An adapter is pure translation: it builds the upstream
 * request, and turns upstream answers, streams and errors into canonical ones. The executor
 * owns the network, timeouts, aborts, retries and metrics.
 */
import type { ChatEvent, ChatRequest, ChatResult } from '../canonical/chat.js'
import type { EmbeddingsRequest, EmbeddingsResult } from '../canonical/embeddings.js'
import type { GatewayError } from '../errors/gateway-error.js'
import type { Frame, Framing } from '../streaming/frame.js'
import type { ProviderConfig } from '../config/types.js'
import type { JsonObject } from '../canonical/chat.js'
import type { WireProtocol } from '../wire/protocols.js'
import type { ProviderKind } from './registry.js'

export type { WireProtocol }

/** The kinds `registry.ts` lists. */
export type { ProviderKind } from './registry.js'

/** A response produced in-process (the built-in fake provider) rather than over HTTP. */
export interface LocalResponse {
  status: number
  headers: Record<string, string>
  body: AsyncIterable<Uint8Array>
}

export interface UpstreamRequest {
  url: string
  method: 'POST' | 'GET'
  headers: Record<string, string>
  body?: string | Uint8Array
  /** How the streaming body is framed; ignored for non-streaming answers (always JSON). */
  framing: Framing
  /** When set, the executor calls this instead of making an HTTP request. */
  local?: (signal: AbortSignal) => Promise<LocalResponse>
}

/** A call to a deployment. Typed per kind (`CallContext<'bedrock'>`) where an adapter reads its options. */
export interface CallContext<K extends ProviderKind = ProviderKind> {
  provider: ProviderConfig<K>
  /** The upstream model id of the deployment being called. */
  model: string
  requestId: string
  /**
   * When true, a parameter this provider cannot honour is dropped (and its name pushed to
   * `dropped`, which the executor logs) instead of refused with a 400 naming it.
   */
  dropParams: boolean
  dropped: string[]
  /**
   * Set by a kind's buildRequest when it asked for the answer as a call to this tool of its own
   * (Anthropic's json_object): its parsers return that call's arguments as the content.
   */
  answerTool?: string
}

/**
 * What a model can do, three-valued: true (known yes), false (known no), undefined (unknown).
 * Only a known no refuses a request or routes around a deployment; an unknown goes to the
 * upstream, whose answer decides (a gateway cannot know every model under every name).
 */
export interface Capabilities {
  streaming?: boolean
  tools?: boolean
  vision?: boolean
  jsonSchema?: boolean
  embeddings?: boolean
  /** Tokens; undefined when unknown. */
  contextWindow?: number
  maxOutputTokens?: number
}

export interface EmbeddingsAdapter<K extends ProviderKind = ProviderKind> {
  buildEmbeddingsRequest(req: EmbeddingsRequest, ctx: CallContext<K>): UpstreamRequest | Promise<UpstreamRequest>
  parseEmbeddings(body: unknown, ctx: CallContext): EmbeddingsResult
}

/** A client's request in a protocol the upstream speaks natively: relayed, not translated. */
export interface PassthroughRequest {
  protocol: WireProtocol
  /**
   * The client's body with `model` set to the given id, or without `model` (upstreams that take it
   * from the URL), plus the front door's own adjustments; every other byte as the client sent it.
   */
  body(model: string | undefined): string
  /** Client headers this protocol forwards upstream (e.g. `anthropic-beta`), already filtered by the door. */
  headers: Readonly<Record<string, string>>
  /** The query the client sent that the upstream should get too (`?beta=true` on Anthropic's paths), or ''. */
  query?: string
  stream: boolean
  /** The same request in canonical form, for kinds that answer in-process (the fake); absent for embeddings. */
  request?: ChatRequest
}

/**
 * What a kind that speaks a front door's protocol natively offers: the client's bytes go to its
 * upstream (model replaced, key injected) and the answer is relayed and tapped, not translated.
 */
export interface Passthrough<K extends ProviderKind = ProviderKind> {
  /** Whether this provider speaks `protocol` natively (it may depend on the provider's options). */
  speaks(protocol: WireProtocol, provider: ProviderConfig<K>): boolean
  /** The upstream request for a body in a protocol this provider speaks. */
  request(req: PassthroughRequest, ctx: CallContext<K>): UpstreamRequest
  /** An error the upstream reports inside a 200 answer (a stream's error event, an error body): for the relay's tap. */
  streamError(body: JsonObject, ctx: CallContext): GatewayError
  /**
   * Whether this provider keeps what it answers in `protocol` and can be referred back to it
   * (the Responses API's `previous_response_id` at OpenAI); absent: it keeps nothing, and the
   * gateway sends the stored conversation itself.
   */
  keepsState?(protocol: WireProtocol, provider: ProviderConfig): boolean
}

/** A kind whose upstream counts a prompt's tokens (Gemini's countTokens): for /v1/messages/count_tokens. */
export interface CountTokensAdapter<K extends ProviderKind = ProviderKind> {
  buildCountRequest(req: ChatRequest, ctx: CallContext<K>): UpstreamRequest | Promise<UpstreamRequest>
  /** The count from the upstream's answer; throws an upstream_error when it holds none. */
  parseCount(body: unknown, ctx: CallContext): number
}

/**
 * `ProviderAdapter<K>` is how a kind writes its adapter: the functions that build requests get
 * that kind's options typed. `kind-adapter.ts` turns it into the plain `ProviderAdapter` the
 * registry and the executor use.
 */
export interface ProviderAdapter<K extends ProviderKind = ProviderKind> {
  kind: K
  /** Present on kinds whose upstream speaks some front door's protocol natively. */
  passthrough?: Passthrough<K>
  /** Default capabilities for a model of this kind (routes.yaml may override them). */
  capabilities(model: string): Capabilities
  buildRequest(req: ChatRequest, ctx: CallContext<K>): UpstreamRequest | Promise<UpstreamRequest>
  parseResponse(body: unknown, ctx: CallContext): ChatResult
  /** An async generator over decoded frames; its state lives in its locals. */
  parseStream(frames: AsyncIterable<Frame>, ctx: CallContext): AsyncIterable<ChatEvent>
  /** Turns a non-2xx answer into a GatewayError (status, retryability, Retry-After). */
  parseError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError
  /** Present on adapters that support /v1/embeddings. */
  embeddings?: EmbeddingsAdapter<K>
  /** Present on kinds whose upstream counts tokens exactly without a native count_tokens endpoint. */
  countTokens?: CountTokensAdapter<K>
}
