import type { JsonObject } from '../../canonical/chat.js'
import { GatewayError } from '../../errors/gateway-error.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { asString, isObject, readArray, tryParseJson } from '../../wire/json.js'

/** Who made a response: the provider that answered, and whether its own Responses API did (passthrough). */
export interface Origin {
  provider: string
  passthrough: boolean
}

/**
 * A stored response: the Response as it was answered (opaque reasoning included), the input items
 * of its request as the client sent them, the ids of the responses it continued (oldest first),
 * and the key that made it. Kept under its id in the record store.
 */
export interface StoredResponse {
  v: 1
  id: string
  /** The creating key's name; null when the gateway was open. */
  owner: string | null
  response: JsonObject
  input: JsonObject[]
  chain: string[]
  origin: Origin
  /** Too large to keep: only this marker is, so a continuation can say why it fails. */
  tooLarge?: true
}

/** The identity a stored response belongs to: the key's name, or none on an open gateway. */
export function ownerOf(rc: RequestContext): string | null {
  return rc.key?.name ?? null
}

/**
 * The stored response `id`, if the request's key made it. Someone else's response is "not
 * found", as a missing one is: its existence is not revealed.
 */
export async function loadOwned(rc: RequestContext, id: string, param: string | null): Promise<StoredResponse> {
  const text = await rc.deps.records.get(id)
  const record = text === undefined ? undefined : parseRecord(text)
  if (record === undefined || record.owner !== ownerOf(rc)) {
    throw new GatewayError('not_found', `No response with id '${id.slice(0, 100)}' is stored for this API key (responses are kept for responses.retention_seconds, and only with store: true).`, { param, code: 'response_not_found' })
  }
  return record
}

/** A stored response that can be continued: not one that was too large to keep. */
export async function loadContinuable(rc: RequestContext, id: string): Promise<StoredResponse> {
  const record = await loadOwned(rc, id, 'previous_response_id')
  if (record.tooLarge === true) {
    throw new GatewayError('invalid_request', `The response '${id}' was larger than responses.max_entry_bytes (${rc.config.responses.maxEntryBytes} bytes) and was not kept, so it cannot be continued. Send the conversation as input instead.`, { param: 'previous_response_id', code: 'response_not_stored' })
  }
  return record
}

/**
 * The conversation up to and including `record`: each turn's input items, then its output, for
 * every response in its chain. A turn that has expired ends the conversation with an error:
 * continuing without it would silently change what the model sees.
 */
export async function conversationOf(rc: RequestContext, record: StoredResponse): Promise<StoredResponse[]> {
  const ancestors = await Promise.all(record.chain.map((id) => loadOwned(rc, id, 'previous_response_id').catch(() => undefined)))
  const kept = ancestors.filter((a): a is StoredResponse => a !== undefined && a.tooLarge !== true)
  if (kept.length < ancestors.length) {
    const missing = record.chain[ancestors.findIndex((a) => a === undefined || a.tooLarge === true)]
    throw new GatewayError('invalid_request', `The response '${record.id}' continues '${missing}', which is no longer stored, so its conversation cannot be rebuilt. Send the conversation as input instead.`, { param: 'previous_response_id', code: 'response_not_stored' })
  }
  return [...kept, record]
}

/** The items of a stored turn: its input, then its output. */
export function turnItems(record: StoredResponse): JsonObject[] {
  return [...record.input, ...readArray(record.response.output).filter(isObject)]
}

/**
 * Keeps a response (never awaited by the answer; a failure is logged). One larger than
 * responses.max_entry_bytes is replaced by a marker.
 */
export function keep(rc: RequestContext, record: StoredResponse): void {
  let text = JSON.stringify(record)
  if (Buffer.byteLength(text) > rc.config.responses.maxEntryBytes) {
    text = JSON.stringify({ v: 1, id: record.id, owner: record.owner, response: {}, input: [], chain: [], origin: record.origin, tooLarge: true } satisfies StoredResponse)
    rc.deps.logger.warn({ requestId: rc.requestId, responseId: record.id, limit: rc.config.responses.maxEntryBytes }, 'response larger than responses.max_entry_bytes: not stored')
  }
  rc.deps.records.set(record.id, text).catch((err: unknown) => {
    rc.deps.logger.warn({ requestId: rc.requestId, responseId: record.id, reason: err instanceof Error ? err.message : String(err) }, 'could not store the response')
  })
}

function parseRecord(text: string): StoredResponse | undefined {
  const parsed = tryParseJson(text)
  if (!parsed.ok || !isObject(parsed.value)) return undefined
  const v = parsed.value
  const origin = isObject(v.origin) ? v.origin : {}
  const id = asString(v.id)
  if (v.v !== 1 || id === undefined || !isObject(v.response)) return undefined
  const record: StoredResponse = {
    v: 1,
    id,
    owner: asString(v.owner) ?? null,
    response: v.response,
    input: readArray(v.input).filter(isObject),
    chain: readArray(v.chain).filter((x): x is string => typeof x === 'string'),
    origin: { provider: asString(origin.provider) ?? '', passthrough: origin.passthrough === true },
  }
  if (v.tooLarge === true) record.tooLarge = true
  return record
}
