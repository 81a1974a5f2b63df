import { GatewayError } from '../../errors/gateway-error.js'
import { isObject as isRecord } from '../../wire/json.js'
import { parseOpenAIError, readErrorBody } from '../openai/index.js'
import type { CallContext } from '../types.js'

/**
 * Azure's errors are OpenAI-shaped; what differs is handled here, the rest by the openai mapper:
 * - a prompt that trips the content filter: 400 with `code: "content_filter"` and
 *   `innererror.code: "ResponsibleAIPolicyViolation"` (fixtures/azure/error-400-content-filter.json)
 * - `DeploymentNotFound` (404): the deployment named as the model does not exist.
 * 429s carry `retry-after-ms` / `retry-after`, which the openai mapper already reads.
 */
export function parseAzureError(status: number, body: unknown, headers: Headers, ctx: CallContext): GatewayError {
  const info = readErrorBody(body)
  const name = ctx.provider.name
  const message = info.message || `HTTP ${status}`
  const inner = info.fields !== undefined && isRecord(info.fields.innererror) ? info.fields.innererror : undefined
  if (info.code === 'content_filter' || inner?.code === 'ResponsibleAIPolicyViolation') {
    return new GatewayError('content_filter', `${name}: ${message}`, {
      param: info.param ?? 'prompt',
      upstreamStatus: status,
      provider: name,
    })
  }
  if (info.code === 'DeploymentNotFound') {
    return new GatewayError('not_found', `${name}: ${message}`, { param: 'model', upstreamStatus: status, provider: name })
  }
  return parseOpenAIError(status, body, headers, ctx)
}
