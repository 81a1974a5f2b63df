import type { JsonObject } from '../../canonical/chat.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import { isObject } from '../../wire/json.js'

/**
 * The client's chat body for an OpenAI-compatible upstream: `model` set (or removed, for
 * upstreams that take it from the URL) and, when streaming, `stream_options.include_usage`
 * forced on so the gateway can count tokens (the tap strips the usage chunk when the client did
 * not ask for it). `provider_options` is the gateway's, not the upstream's: it is taken out, and
 * the options for this deployment's kind (`options`) merged in by their own names. Every other
 * field passes through untouched, unknown ones included.
 */
export function chatPassthroughBody(raw: JsonObject, model: string | undefined, stream: boolean, options?: JsonObject): string {
  const { provider_options: _gatewayOnly, ...rest } = raw
  const body: JsonObject = mergeOptions(rest, options)
  if (model === undefined) delete body.model
  else body.model = model
  if (stream) {
    const clientOptions = isObject(raw.stream_options) ? raw.stream_options : {}
    body.stream_options = { ...clientOptions, include_usage: true }
  }
  return JSON.stringify(body)
}
