import type { CallContext } from '../types.js'

/**
 * An id for a tool call the upstream sent without one (some compatible servers, the legacy
 * `function_call`). Derived from the request id so it is stable within one answer.
 */
export function syntheticToolCallId(ctx: CallContext, index: number): string {
  return `call_${ctx.requestId.replace(/[^A-Za-z0-9]/g, '')}_${index}`
}
