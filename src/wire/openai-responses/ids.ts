import { randomBytes } from 'node:crypto'

/**
 * Ids of what the gateway writes itself: responses (`resp_`), output items (`msg_`, `rs_`,
 * `fc_`, `ctc_`) and input items the client sent without one. Random, so a stored response's id
 * cannot be guessed (on an open gateway it is all that guards it).
 */
export type IdPrefix = 'resp' | 'msg' | 'rs' | 'fc' | 'ctc' | 'item'

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`
}

/**
 * The Responses `call_id` for a canonical tool call id. Clients match `function_call_output` on
 * it; ids that providers make (`toolu_…`, Gemini's generated ones) get the `call_` prefix the
 * API's ids have. Every provider accepts `[A-Za-z0-9_-]` ids, so the prefixed id goes back up as is.
 */
export function callIdFor(id: string): string {
  return id.startsWith('call_') ? id : `call_${id}`
}
