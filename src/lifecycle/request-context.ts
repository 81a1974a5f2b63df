import type { Context } from 'hono'
import type { Config, KeyConfig } from '../config/types.js'
import type { GatewayDeps } from '../deps.js'
import { clientSignal } from '../http/client-signal.js'
import type { GatewayEnv } from '../http/env.js'
import type { FrontDoor } from './front-door.js'

/**
 * Everything one request shares, built once when it arrives: the config snapshot it runs on
 * from its first byte to its last (a reload never splits a request across two configs), its
 * id, arrival time, the front door it came through, and, once authenticated, its key.
 */
export interface RequestContext {
  readonly deps: GatewayDeps
  readonly config: Config
  readonly requestId: string
  /** performance.now() when the request arrived. */
  readonly receivedAt: number
  readonly door: FrontDoor
  readonly http: Context<GatewayEnv>
  /** The client's key once authenticated; undefined when the gateway is open. */
  key: KeyConfig | undefined
  /** Aborts when the client goes away before its answer is complete. */
  signal(): AbortSignal
  /** Wall-clock time in ms (injected, so tests can move it). */
  now(): number
}

export function createRequestContext(deps: GatewayDeps, c: Context<GatewayEnv>, door: FrontDoor): RequestContext {
  return {
    deps,
    // Read once, when the request arrived (request-start.ts), for the whole request.
    config: c.get('config'),
    requestId: c.get('requestId'),
    receivedAt: c.get('receivedAt'),
    door,
    http: c,
    key: undefined,
    signal: () => clientSignal(c),
    now: deps.now,
  }
}
