import { checkModelName } from '../../canonical/model-name.js'
import { GatewayError } from '../../errors/gateway-error.js'
import { jsonResponse } from '../../http/json-answer.js'
import type { RequestContext } from '../../lifecycle/request-context.js'
import { openAIErrors } from '../openai/openai-errors.js'
import { withAndWithoutV1, type DoorModule } from '../door-module.js'
import { listModels, type ModelEntry } from './list-models.js'
import { messagesModel, modelPage } from '../../wire/anthropic-messages/model-list.js'

/** Anthropic's SDKs and Claude Code send `anthropic-version` with every call: they get Anthropic's list shape. */
function wantsAnthropic(rc: RequestContext): boolean {
  return rc.http.req.header('anthropic-version') !== undefined
}

/** GET /v1/models and /v1/models/{id}: the aliases and targets this gateway serves, as far as the client's key may use them. */
export function openAIModelsDoor(startedAt: number): DoorModule {
  const created = Math.floor(startedAt / 1000)
  const visible = (rc: RequestContext): ModelEntry[] => {
    const all = listModels(rc.config, rc.deps.adapters, created)
    const key = rc.key
    return key === undefined ? all : all.filter((m) => key.allows(m.id))
  }
  const list = (rc: RequestContext): Response => {
    if (!wantsAnthropic(rc)) return jsonResponse(rc.http, 200, JSON.stringify({ object: 'list', data: visible(rc) }), {})
    const page = modelPage(visible(rc).map((m) => messagesModel(m.id, m.created)), (name) => rc.http.req.query(name))
    return jsonResponse(rc.http, 200, JSON.stringify(page), {})
  }
  const get = (rc: RequestContext): Response => {
    const id = modelId(rc.http.req.path)
    // A model the key may not use is as unknown to it as one that does not exist.
    const entry = visible(rc).find((m) => m.id === id)
    if (entry === undefined) throw new GatewayError('not_found', `The model '${id.slice(0, 200)}' does not exist on this gateway. GET /v1/models lists the models it serves.`, { param: 'model' })
    return jsonResponse(rc.http, 200, JSON.stringify(wantsAnthropic(rc) ? messagesModel(entry.id, entry.created) : entry), {})
  }
  return {
    door: { endpoint: 'models', ...openAIErrors },
    paths: [
      { method: 'GET', paths: withAndWithoutV1('/models'), route: { kind: 'plain', answer: list } },
      { method: 'GET', paths: withAndWithoutV1('/models/*'), route: { kind: 'plain', answer: get } },
    ],
  }
}

/** The id in `/v1/models/<id>` (ids contain slashes); a malformed %-escape is the client's error. */
function modelId(path: string): string {
  const raw = path.replace(/^(\/v1)?\/models\//, '')
  try {
    return checkModelName(decodeURIComponent(raw))
  } catch (err) {
    if (err instanceof GatewayError) throw err
    throw new GatewayError('invalid_request', 'The model id in the URL is not a valid percent-encoded string.', { param: 'model' })
  }
}
