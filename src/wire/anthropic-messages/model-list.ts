import { GatewayError } from '../../errors/gateway-error.js'

/** A model as Anthropic's `GET /v1/models` lists it (`ModelInfo` in @anthropic-ai/sdk resources/models.d.ts). */
export interface MessagesModel {
  type: 'model'
  id: string
  display_name: string
  /** RFC 3339. */
  created_at: string
}

export interface MessagesModelPage {
  data: MessagesModel[]
  has_more: boolean
  first_id: string | null
  last_id: string | null
}

export function messagesModel(id: string, createdSeconds: number): MessagesModel {
  return { type: 'model', id, display_name: id, created_at: new Date(createdSeconds * 1000).toISOString() }
}

/**
 * One page of the list, as Anthropic pages it: `limit` (1 to 1000, default 20) models after
 * `after_id` or before `before_id`, with `has_more` and the page's first and last ids (the SDKs
 * follow `last_id` while `has_more`).
 */
export function modelPage(models: readonly MessagesModel[], query: (name: string) => string | undefined): MessagesModelPage {
  const limit = pageLimit(query('limit'))
  const after = query('after_id')
  const before = query('before_id')
  let start = 0
  let end = models.length
  if (after !== undefined) start = indexAfter(models, after, 'after_id') + 1
  if (before !== undefined) end = indexAfter(models, before, 'before_id')
  const page = before !== undefined && after === undefined ? models.slice(Math.max(start, end - limit), end) : models.slice(start, Math.min(end, start + limit))
  const hasMore = before !== undefined && after === undefined ? end - page.length > start : start + page.length < end
  return { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null }
}

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 20
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new GatewayError('invalid_request', 'limit must be an integer from 1 to 1000.', { param: 'limit' })
  return n
}

function indexAfter(models: readonly MessagesModel[], id: string, param: string): number {
  const i = models.findIndex((m) => m.id === id)
  if (i === -1) throw new GatewayError('invalid_request', `${param} '${id.slice(0, 200)}' is not a model on this gateway.`, { param })
  return i
}
