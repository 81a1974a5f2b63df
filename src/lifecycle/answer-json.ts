import { costHeader } from '../access/account.js'
import { jsonResponse } from '../http/json-answer.js'
import type { JsonAnswer, Answer } from '../routing/answer.js'
import type { Executed } from '../routing/execute.js'
import { answerHeaders } from './answer-headers.js'
import type { CacheMiss } from './cache.js'
import type { RequestContext } from './request-context.js'
import type { RequestScope } from './request-scope.js'

/** A committed JSON answer: accounted first, so its cost can ride in a header; then the request ends. */
export function answerJson(rc: RequestContext, scope: RequestScope, executed: Executed<Answer>, answer: JsonAnswer, cache: CacheMiss): Response {
  const costUsd = scope.account(answer.usage)
  cache.store?.(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body).toString('utf8'))
  scope.end({ status: 200, usage: answer.usage, generationMs: answer.upstreamMs, completion: answer.text, finished: true })
  return jsonResponse(rc.http, 200, answer.body, { ...answer.headers, ...answerHeaders(executed, rc.now()), ...cache.headers, ...costHeader(costUsd) })
}
