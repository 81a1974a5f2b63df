import { GatewayError } from '../../errors/gateway-error.js'
import { jsonResponse } from '../../http/json-answer.js'
import type { PlainRoute } from '../../lifecycle/handle.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import type { JsonObject } from '../../wire/json.js'
import { withoutEncrypted } from '../../wire/openai-responses/output-items.js'
import { loadOwned, type StoredResponse } from './stored.js'

/** GET /v1/responses/{id}: the stored Response (encrypted reasoning only with `include=reasoning.encrypted_content`). */
export const retrieveRoute: PlainRoute = {
  kind: 'plain',
  async answer(rc) {
    if (rc.http.req.query('stream') === 'true') throw new GatewayError('invalid_request', 'Streaming a stored response again is not supported by this gateway; retrieve it without stream=true.', { param: 'stream' })
    const record = await loadVisible(rc)
    const include = rc.http.req.queries('include[]') ?? rc.http.req.queries('include') ?? []
    const response = include.includes('reasoning.encrypted_content') ? record.response : { ...record.response, output: outputOf(record).map(withoutEncrypted) }
    return jsonResponse(rc.http, 200, JSON.stringify(response), {})
  },
}

/** DELETE /v1/responses/{id}: forgets it (the gateway's copy; an upstream that stores keeps its own). */
export const deleteRoute: PlainRoute = {
  kind: 'plain',
  async answer(rc) {
    const record = await loadOwned(rc, idParam(rc), null)
    await rc.deps.records.delete(record.id)
    return jsonResponse(rc.http, 200, JSON.stringify({ id: record.id, object: 'response', deleted: true }), {})
  },
}

/** GET /v1/responses/{id}/input_items: the request's input items, a page at a time (limit, order, after, before). */
export const inputItemsRoute: PlainRoute = {
  kind: 'plain',
  async answer(rc) {
    const record = await loadVisible(rc)
    const query = (name: string) => rc.http.req.query(name)
    const limit = pageLimit(query('limit'))
    const order = query('order') ?? 'desc'
    if (order !== 'asc' && order !== 'desc') throw new GatewayError('invalid_request', "Invalid value for 'order': must be 'asc' or 'desc'.", { param: 'order' })
    const items = record.input.map((item, i) => (typeof item.id === 'string' ? item : { id: `item_${record.id.replace(/^resp_/, '')}_${i}`, ...item }))
    const ordered = order === 'asc' ? items : [...items].reverse()
    const page = pageAfter(ordered, query('after'), query('before')).slice(0, limit + 1)
    const data = page.slice(0, limit)
    const body = { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.length > limit }
    return jsonResponse(rc.http, 200, JSON.stringify(body), {})
  },
}

async function loadVisible(rc: RequestContext): Promise<StoredResponse> {
  const record = await loadOwned(rc, idParam(rc), null)
  if (record.tooLarge === true) throw new GatewayError('not_found', `The response '${record.id}' was larger than responses.max_entry_bytes and was not kept.`, { code: 'response_not_found' })
  return record
}

function idParam(rc: RequestContext): string {
  return rc.http.req.param('id') ?? ''
}

function outputOf(record: StoredResponse): JsonObject[] {
  return Array.isArray(record.response.output) ? record.response.output.filter((x): x is JsonObject => typeof x === 'object' && x !== null) : []
}

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 20
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new GatewayError('invalid_request', "Invalid value for 'limit': must be an integer from 1 to 100.", { param: 'limit' })
  return n
}

function pageAfter(items: JsonObject[], after: string | undefined, before: string | undefined): JsonObject[] {
  let out = items
  if (after !== undefined) {
    const i = out.findIndex((item) => item.id === after)
    out = i === -1 ? [] : out.slice(i + 1)
  }
  if (before !== undefined) {
    const i = out.findIndex((item) => item.id === before)
    if (i !== -1) out = out.slice(0, i)
  }
  return out
}
