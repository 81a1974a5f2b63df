import type { JsonObject } from '../../canonical/chat.js'
import type { PassthroughUpstream } from '../../routing/attempt-generate.js'
import { memberText, withMember } from '../../wire/json-text.js'
import { mergeOptions } from '../../canonical/provider-options.js'
import { turnItems, type StoredResponse } from './stored.js'

/**
 * The client's body for an upstream that serves the Responses API, edited on its text so every
 * other byte survives: `model` replaced (or removed). A continuation (`previous_response_id`) is
 * forwarded as it is to the upstream that made the previous response when that upstream keeps
 * its responses; for any other, the stored conversation goes in front of the input and the
 * reference is removed.
 */
export function responsesPassthroughBody(text: string, model: string | undefined, upstream: PassthroughUpstream, conversation: readonly StoredResponse[]): string {
  let body = withOptions(withMember(text, 'model', model === undefined ? undefined : JSON.stringify(model)), upstream.options)
  const previous = conversation.at(-1)
  if (previous === undefined) return body
  if (upstream.keepsState && previous.origin.passthrough && previous.origin.provider === upstream.provider) return body
  const history = conversation.flatMap((turn) => replayable(turn, upstream.provider))
  body = withMember(body, 'input', inputWithHistory(memberText(body, 'input'), history))
  return withMember(body, 'previous_response_id', undefined)
}

/**
 * `provider_options` is the gateway's: taken out, and this kind's options (`upstream.options`)
 * merged into the members they name, by the one merge rule (canonical/provider-options.ts).
 */
function withOptions(text: string, options: JsonObject | undefined): string {
  let body = text.includes('"provider_options"') ? withMember(text, 'provider_options', undefined) : text
  for (const [key, value] of Object.entries(options ?? {})) {
    const current = memberText(body, key)
    const merged = mergeOptions(current === undefined ? {} : { [key]: JSON.parse(current) as unknown }, { [key]: value })
    body = withMember(body, key, JSON.stringify(merged[key]))
  }
  return body
}

/**
 * A stored turn's items as another upstream may take them: the turn's own upstream gets them as
 * they were; any other gets no reasoning items (their ids and encrypted content mean something
 * only where they were made) and output items without their ids.
 */
function replayable(turn: StoredResponse, provider: string): JsonObject[] {
  const items = turnItems(turn)
  if (turn.origin.passthrough && turn.origin.provider === provider) return items
  const outputs = new Set<unknown>(Array.isArray(turn.response.output) ? turn.response.output : [])
  return items
    .filter((item) => item.type !== 'reasoning')
    .map((item) => {
      if (!outputs.has(item) || item.id === undefined) return item
      const { id: _id, ...rest } = item
      return rest
    })
}

/** `[history…, input…]` with the client's input bytes kept: its array's items, or its string as a user message. */
function inputWithHistory(input: string | undefined, history: readonly JsonObject[]): string {
  const stored = history.map((item) => JSON.stringify(item)).join(',')
  if (input === undefined || input === 'null') return `[${stored}]`
  const sep = stored === '' ? '' : ','
  if (input.startsWith('"')) return `[${stored}${sep}{"type":"message","role":"user","content":${input}}]`
  const inner = input.slice(1, -1).trim()
  return inner === '' ? `[${stored}]` : `[${stored}${sep}${inner}]`
}
