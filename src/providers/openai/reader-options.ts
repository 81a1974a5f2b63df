import type { ReaderContext } from '../../wire/reader-context.js'
import type { JsonObject } from '../../canonical/chat.js'
import type { GatewayError } from '../../errors/gateway-error.js'
import type { CallContext } from '../types.js'

/** How the OpenAI readers name this call and map its in-band errors (the adapter's own mapping). */
export function readerOptions(ctx: CallContext, streamError: (body: JsonObject, ctx: CallContext) => GatewayError): ReaderContext {
  return { requestId: ctx.requestId, provider: ctx.provider.name, streamError: (body) => streamError(body, ctx) }
}
