import { generateExchange } from '../generate-exchange.js'
import type { Exchange } from '../../lifecycle/exchange.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { attemptCountTokens, type CountTokensCodec } from '../../routing/attempt-count-tokens.js'
import type { GenerateCodec } from '../../routing/attempt-generate.js'
import { estimateInputTokens } from '../../tokens/estimate-input.js'
import { createMessagesDecoders, type DecodedMessages } from '../../wire/anthropic-messages/decode-request.js'
import { createMessagesEncoder } from '../../wire/anthropic-messages/encode-events.js'
import { encodeMessage } from '../../wire/anthropic-messages/encode-result.js'
import { passthroughCount } from '../../wire/anthropic-messages/count-answer.js'
import { messagesPassthroughBody } from '../../wire/anthropic-messages/passthrough-body.js'
import { readMessagesResult } from '../../wire/anthropic-messages/read-result.js'
import { messagesTap } from '../../wire/anthropic-messages/stream-tap.js'
import { withAndWithoutV1, type DoorModule, type DoorTools } from '../door-module.js'
import { forwardedHeaders, forwardedQuery } from './client-headers.js'
import { messagesErrors } from './messages-errors.js'

/**
 * POST /v1/messages and /v1/messages/count_tokens: Anthropic's Messages API, so Claude Code and
 * the Anthropic SDKs run through the gateway. Passed through (bytes relayed, only `model`
 * replaced) to deployments that speak Messages natively, translated through the canonical model
 * for the rest. The response cache stays off for this door: agents rarely send the same request
 * twice, and their requests are large.
 */
export function anthropicMessagesDoors(tools: DoorTools): DoorModule[] {
  const decoders = createMessagesDecoders(tools.schemas)
  const messages = (rc: RequestContext, body: unknown, text: string): Exchange => {
    const decoded = decoders.messages(body)
    const { requestedModel } = decoded
    const codec: GenerateCodec = {
      ...passthroughParts(rc, decoded, text),
      readResult: readMessagesResult,
      tap: messagesTap,
      encodeResult: (result, meta) => JSON.stringify(encodeMessage(result, meta, decoded)),
      encoder: (meta) => createMessagesEncoder(meta, decoded),
      meta: { id: `msg_${rc.requestId.replace(/[^A-Za-z0-9]/g, '')}`, created: Math.floor(rc.now() / 1000), model: requestedModel },
    }
    return generateExchange(rc, requestedModel, codec)
  }
  const countTokens = (rc: RequestContext, body: unknown, text: string): Exchange => {
    const decoded = decoders.countTokens(body)
    const codec: CountTokensCodec = {
      ...passthroughParts(rc, decoded, text),
      protocol: 'anthropic-count-tokens',
      readCount: passthroughCount,
      encodeCount: (count) => JSON.stringify({ input_tokens: count }),
      estimate: () => estimateInputTokens(decoded.request),
    }
    return {
      model: decoded.requestedModel,
      stream: false,
      needs: { flags: [], promptChars: 0 },
      logContent: decoded.request.messages,
      attempt: (target) => attemptCountTokens(rc.deps.upstream, target, codec),
    }
  }
  return [
    { door: { endpoint: 'messages', ...messagesErrors }, paths: [{ method: 'POST', paths: withAndWithoutV1('/messages'), route: { kind: 'exchange', prepare: messages } }] },
    { door: { endpoint: 'count_tokens', ...messagesErrors }, paths: [{ method: 'POST', paths: withAndWithoutV1('/messages/count_tokens'), route: { kind: 'exchange', prepare: countTokens } }] },
  ]
}

/** The Messages passthrough body depends on the model only, so one function serves both codecs. */
type PassthroughParts = Pick<GenerateCodec, 'protocol' | 'request' | 'untranslatable' | 'leftOut' | 'passthroughHeaders' | 'passthroughQuery'> & {
  passthroughBody(model: string | undefined): string
}

/** What both paths hand a native upstream, and the canonical request for the others. */
function passthroughParts(rc: RequestContext, decoded: DecodedMessages, text: string): PassthroughParts {
  return {
    protocol: 'anthropic-messages',
    request: decoded.request,
    untranslatable: decoded.untranslatable,
    leftOut: decoded.leftOut,
    passthroughBody: (model: string | undefined) => messagesPassthroughBody(text, decoded.raw, model),
    passthroughHeaders: forwardedHeaders(rc),
    passthroughQuery: forwardedQuery(rc),
  }
}
