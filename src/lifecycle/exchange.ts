import type { JsonObject } from '../canonical/chat.js'
import type { GatewayError } from '../errors/gateway-error.js'
import type { Answer } from '../routing/answer.js'
import type { AttemptTarget } from '../routing/attempt-target.js'
import type { Needs } from '../routing/require-capabilities.js'

/**
 * What a front door hands the lifecycle for one routed request: what the client asked for, in
 * the terms the lifecycle needs, and how to make one attempt at a deployment.
 */
export interface Exchange {
  /** The model the client named: an alias or `provider/model`. */
  model: string
  stream: boolean
  /** What a deployment must support to take the request. */
  needs: Needs
  /** The body the response cache keys on; undefined: never answered from the cache. */
  cacheBody?: JsonObject
  /** The prompt, for the log line when `server.log_content` is on. */
  logContent?: unknown
  /** Prompt tokens counted by the gateway, for when the upstream reports no usage. */
  countPrompt?(): Promise<number>
  /**
   * An error in a stream that started before any answer (while kept alive), in this request's
   * terms (the Responses API numbers its events and names the response); absent: the door's.
   */
  streamError?(error: GatewayError): string
  /** One attempt at one deployment; resolves once the answer is committed. */
  attempt(target: AttemptTarget): Promise<Answer>
}
